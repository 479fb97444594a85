/**
 * Whether a FEN is a position a game can start from: well formed (chess.js's validateFen, and
 * the fields it reads loosely) and not impossible to reach in a game. chess.js plays from any
 * FEN it can read, so a position it accepts may have the side not to move in check (its king
 * then gets captured), castling rights with the king or rook gone, an en-passant square no
 * double step could have made, more pieces than a side can have, or no move at all (a game
 * that never ends). Each is refused with its reason, in chess's own words.
 *
 * What is left is not proven reachable (that needs a retrograde search); what is refused is
 * certain to be unreachable.
 */
import { Chess, validateFen, type Color, type PieceSymbol, type Square } from 'chess.js';

type Board = ReadonlyMap<Square, { type: PieceSymbol; color: Color }>;

const SIDE_NAME: Record<Color, string> = { w: 'white', b: 'black' };

/** The rights a castling letter gives, with the squares the king and that rook must stand on. */
const CASTLING: Record<string, { color: Color; king: Square; rook: Square; name: string }> = {
  K: { color: 'w', king: 'e1', rook: 'h1', name: 'white kingside' },
  Q: { color: 'w', king: 'e1', rook: 'a1', name: 'white queenside' },
  k: { color: 'b', king: 'e8', rook: 'h8', name: 'black kingside' },
  q: { color: 'b', king: 'e8', rook: 'a8', name: 'black queenside' },
};

/** Why `fen` is no position to start a game from, or undefined when it is one. */
export function illegalPosition(fen: string): string | undefined {
  const format = validateFen(fen);
  if (!format.ok) return (format.error ?? 'not a valid FEN').replace(/^Invalid FEN: /, '');
  const [, turn, castling, enPassant, halfmoves, fullmoves] = fen.split(/\s+/) as [string, Color, string, string, string, string];
  if (!/^\d+$/.test(halfmoves)) return 'the halfmove clock must be a whole number';
  if (!/^\d+$/.test(fullmoves)) return 'the move number must be a whole number';
  if (!/^(-|K?Q?k?q?)$/.test(castling)) return 'castling rights are written "-" or as letters of KQkq, in that order, each once';

  const chess = new Chess(fen);
  const board: Board = new Map(chess.board().flat().flatMap((piece) => (piece ? [[piece.square, piece] as const] : [])));
  return tooManyPieces(board)
    ?? castlingWithoutPieces(board, castling)
    ?? impossibleEnPassant(board, turn, enPassant, halfmoves)
    ?? impossibleCheck(chess, board, turn)
    ?? (chess.isCheckmate() ? 'the position is already checkmate' : undefined)
    ?? (chess.isStalemate() ? 'the position is already stalemate' : undefined);
}

/**
 * At most 8 pawns and 16 pieces a side, and no more promoted pieces than missing pawns: a
 * queen beyond the first, a rook or knight beyond the second, a bishop beyond the first on its
 * square colour each took a pawn's promotion.
 */
function tooManyPieces(board: Board): string | undefined {
  for (const color of ['w', 'b'] as const) {
    const side = SIDE_NAME[color];
    const count = { p: 0, n: 0, b: 0, r: 0, q: 0, k: 0, lightBishops: 0 };
    let pieces = 0;
    for (const [square, piece] of board) {
      if (piece.color !== color) continue;
      pieces++;
      count[piece.type]++;
      if (piece.type === 'b' && isLight(square)) count.lightBishops++;
    }
    if (count.p > 8) return `${side} has ${count.p} pawns (at most 8)`;
    if (pieces > 16) return `${side} has ${pieces} pieces (at most 16)`;
    const promoted = Math.max(0, count.q - 1) + Math.max(0, count.r - 2) + Math.max(0, count.n - 2)
      + Math.max(0, count.lightBishops - 1) + Math.max(0, count.b - count.lightBishops - 1);
    if (count.p + promoted > 8) return `${side} has ${promoted} promoted piece(s) and ${count.p} pawns, more than the 8 pawns it starts with`;
  }
  return undefined;
}

function isLight(square: Square): boolean {
  return (square.charCodeAt(0) - 97 + Number(square[1]) - 1) % 2 === 1;
}

function holds(board: Board, square: Square, type: PieceSymbol, color: Color): boolean {
  const piece = board.get(square);
  return piece?.type === type && piece.color === color;
}

/** A castling right needs the king and that rook on their starting squares. */
function castlingWithoutPieces(board: Board, castling: string): string | undefined {
  for (const letter of castling === '-' ? '' : castling) {
    const right = CASTLING[letter]!;
    if (!holds(board, right.king, 'k', right.color)) return `${right.name} castling needs the king on ${right.king}`;
    if (!holds(board, right.rook, 'r', right.color)) return `${right.name} castling needs a rook on ${right.rook}`;
  }
  return undefined;
}

/**
 * An en-passant square says the opponent's last move was a pawn's double step across it: the
 * pawn stands just past it, the square and the pawn's starting square are empty, and the
 * halfmove clock was reset by that pawn move. (validateFen already keeps the square on the 6th
 * rank with white to move, the 3rd with black.)
 */
function impossibleEnPassant(board: Board, turn: Color, enPassant: string, halfmoves: string): string | undefined {
  if (enPassant === '-') return undefined;
  const file = enPassant[0]!;
  const [pawnRank, startRank] = turn === 'w' ? ['5', '7'] : ['4', '2'];
  const them = turn === 'w' ? 'b' : 'w';
  const why = `no ${SIDE_NAME[them]} pawn just stepped two squares across ${enPassant}`;
  if (!holds(board, `${file}${pawnRank}` as Square, 'p', them)) return `${why}: ${file}${pawnRank} holds no ${SIDE_NAME[them]} pawn`;
  if (board.has(enPassant as Square)) return `${why}: ${enPassant} is not empty`;
  if (board.has(`${file}${startRank}` as Square)) return `${why}: ${file}${startRank} is not empty`;
  if (Number(halfmoves) !== 0) return `${why}: the halfmove clock would be 0 after that pawn move`;
  return undefined;
}

/**
 * The side not to move may not be in check (its king could be taken). The side to move may be
 * checked by one piece, or by two when one of them is a bishop, rook or queen (the other's move
 * uncovered its line); never by three, nor by two that open no line.
 */
function impossibleCheck(chess: Chess, board: Board, turn: Color): string | undefined {
  const them = turn === 'w' ? 'b' : 'w';
  const [theirKing] = chess.findPiece({ type: 'k', color: them });
  if (theirKing && chess.isAttacked(theirKing, turn)) return `${SIDE_NAME[them]} is in check but it is ${SIDE_NAME[turn]}'s move`;
  const [ownKing] = chess.findPiece({ type: 'k', color: turn });
  const checkers = ownKing ? chess.attackers(ownKing, them) : [];
  if (checkers.length > 2) return `${SIDE_NAME[turn]} is in check from ${checkers.length} pieces (at most 2)`;
  if (checkers.length === 2 && !checkers.some((square) => 'bqr'.includes(board.get(square)!.type))) {
    return `${SIDE_NAME[turn]} is in check from two pieces neither of which is a bishop, rook or queen`;
  }
  return undefined;
}
