import { Migration } from '@mikro-orm/migrations';

export class Migration20261124214839_players_and_ratings extends Migration {

  override name = 'Migration20261124214839_players_and_ratings';

  override up(): void | Promise<void> {
    this.addSql(`create table "player" ("id" uuid not null, "username" varchar(32) not null, "username_key" varchar(32) not null, "guest" boolean not null default false, "password_hash" varchar(255) null, "created_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`alter table "player" add constraint "player_username_key_unique" unique ("username_key");`);

    this.addSql(`create table "rating" ("id" serial primary key, "player_id" uuid not null, "category" varchar(24) not null, "rating" double precision not null, "rd" double precision not null, "volatility" double precision not null, "games" int not null default 0, "updated_at" timestamptz not null);`);
    this.addSql(`alter table "rating" add constraint "rating_player_id_category_unique" unique ("player_id", "category");`);

    this.addSql(`alter table "rating" add constraint "rating_player_id_foreign" foreign key ("player_id") references "player" ("id") on delete cascade;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "rating" drop constraint "rating_player_id_foreign";`);

    this.addSql(`drop table if exists "player" cascade;`);
    this.addSql(`drop table if exists "rating" cascade;`);
  }

}
