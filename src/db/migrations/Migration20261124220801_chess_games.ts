import { Migration } from '@mikro-orm/migrations';

export class Migration20261124220801_chess_games extends Migration {

  override name = 'Migration20261124220801_chess_games';

  override up(): void | Promise<void> {
    this.addSql(`create table "game" ("id" uuid not null, "kind" text not null, "room_id" varchar(32) not null, "rated" boolean not null, "category" varchar(16) not null, "time_control" varchar(32) not null, "white_id" uuid not null, "black_id" uuid not null, "white_rating_before" double precision null, "black_rating_before" double precision null, "white_rating_after" double precision null, "black_rating_after" double precision null, "result" varchar(8) null, "termination" varchar(16) not null, "winner" varchar(8) null, "aborted" boolean not null, "plies" int not null, "initial_position" text not null, "final_position" text not null, "started_at" timestamptz not null, "ended_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`create index "game_white_id_ended_at_index" on "game" ("white_id", "ended_at");`);
    this.addSql(`create index "game_black_id_ended_at_index" on "game" ("black_id", "ended_at");`);
    this.addSql(`create index "game_kind_ended_at_index" on "game" ("kind", "ended_at");`);

    this.addSql(`create table "chess_move" ("game_id" uuid not null, "ply" int not null, "san" varchar(16) not null, "uci" varchar(8) not null, "clock_ms" int null, "spent_ms" int not null, primary key ("game_id", "ply"));`);

    this.addSql(`create index "rating_category_rating_index" on "rating" ("category", "rating");`);

    this.addSql(`alter table "game" add constraint "game_white_id_foreign" foreign key ("white_id") references "player" ("id");`);
    this.addSql(`alter table "game" add constraint "game_black_id_foreign" foreign key ("black_id") references "player" ("id");`);
    this.addSql(`alter table "game" add constraint "game_kind_check" check ("kind" in ('chess', 'backgammon'));`);

    this.addSql(`alter table "chess_move" add constraint "chess_move_game_id_foreign" foreign key ("game_id") references "game" ("id") on delete cascade;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "chess_move" drop constraint "chess_move_game_id_foreign";`);

    this.addSql(`drop table if exists "game" cascade;`);
    this.addSql(`drop table if exists "chess_move" cascade;`);

    this.addSql(`drop index "rating_category_rating_index";`);
  }

}
