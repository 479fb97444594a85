import { Migration } from '@mikro-orm/migrations';

export class Migration20261201041952_game_sessions extends Migration {

  override name = 'Migration20261201041952_game_sessions';

  override up(): void | Promise<void> {
    this.addSql(`create table "game_session" ("id" uuid not null, "kind" varchar(16) not null, "room_id" varchar(32) not null, "players" jsonb not null, "setup" jsonb not null, "owner" varchar(64) not null, "started_at" timestamptz not null, "ended_at" timestamptz null, primary key ("id"));`);
    this.addSql(`create index "game_session_in_play_index" on "game_session" ("owner") where ended_at is null;`);

    this.addSql(`create table "journal_entry" ("session_id" uuid not null, "seq" int not null, "at" timestamptz not null, "entry" jsonb not null, primary key ("session_id", "seq"));`);

    this.addSql(`alter table "journal_entry" add constraint "journal_entry_session_id_foreign" foreign key ("session_id") references "game_session" ("id") on delete cascade;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "journal_entry" drop constraint "journal_entry_session_id_foreign";`);

    this.addSql(`drop table if exists "game_session" cascade;`);
    this.addSql(`drop table if exists "journal_entry" cascade;`);
  }

}
