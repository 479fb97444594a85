import { Migration } from '@mikro-orm/migrations';

export class Migration20261125011243_backgammon_matches extends Migration {

  override name = 'Migration20261125011243_backgammon_matches';

  override up(): void | Promise<void> {
    this.addSql(`create table "backgammon_match" ("game_id" uuid not null, "match_length" int not null, "jacoby" boolean not null, "clock_delay_ms" int null, "clock_reserve_ms" int null, "score_white" int not null, "score_black" int not null, "dice_derivation" varchar(32) not null, "dice_commit" varchar(64) not null, "dice_seed" varchar(64) not null, "client_seed_white" varchar(64) not null, "client_seed_black" varchar(64) not null, primary key ("game_id"));`);

    this.addSql(`create table "backgammon_event" ("game_id" uuid not null, "seq" int not null, "type" varchar(16) not null, "event" jsonb not null, "at" timestamptz not null, primary key ("game_id", "seq"));`);

    this.addSql(`alter table "rating" add "experience" int not null default 0;`);

    this.addSql(`alter table "backgammon_match" add constraint "backgammon_match_game_id_foreign" foreign key ("game_id") references "game" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "backgammon_event" add constraint "backgammon_event_game_id_foreign" foreign key ("game_id") references "game" ("id") on delete cascade;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "backgammon_match" cascade;`);
    this.addSql(`drop table if exists "backgammon_event" cascade;`);

    this.addSql(`alter table "rating" drop column "experience";`);
  }

}
