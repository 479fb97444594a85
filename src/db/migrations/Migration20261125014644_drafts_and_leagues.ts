import { Migration } from '@mikro-orm/migrations';

export class Migration20261125014644_drafts_and_leagues extends Migration {

  override name = 'Migration20261125014644_drafts_and_leagues';

  override up(): void | Promise<void> {
    this.addSql(`create table "league" ("id" uuid not null, "name" varchar(60) not null, "name_key" varchar(60) not null, "created_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`alter table "league" add constraint "league_name_key_unique" unique ("name_key");`);

    this.addSql(`create table "league_player_stats" ("league_id" uuid not null, "player_id" uuid not null, "games_played" int not null default 0, "wins" int not null default 0, "losses" int not null default 0, "total_kills" int not null default 0, "total_deaths" int not null default 0, "total_assists" int not null default 0, "total_gpm" int not null default 0, "total_xpm" int not null default 0, "enrolled_at" timestamptz not null, primary key ("league_id", "player_id"));`);
    this.addSql(`create index "league_player_stats_player_id_index" on "league_player_stats" ("player_id");`);

    this.addSql(`create table "draft" ("id" uuid not null, "room_id" varchar(32) not null, "kind" text not null, "style" text null, "league_id" uuid null, "organiser_id" uuid not null, "status" text not null, "settings" jsonb not null, "events" jsonb not null, "created_at" timestamptz not null, "started_at" timestamptz null, "ended_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`alter table "draft" add constraint "draft_room_id_unique" unique ("room_id");`);
    this.addSql(`create index "draft_league_id_index" on "draft" ("league_id");`);

    this.addSql(`create table "draft_round" ("draft_id" uuid not null, "n" int not null, "team" int not null, "captain_id" uuid not null, "action" text not null, "choice" varchar(64) null, "auto" boolean not null, "timed_out" boolean not null, "was_tie" boolean not null, "tie_rolls" jsonb not null, "at" timestamptz not null, primary key ("draft_id", "n"));`);

    this.addSql(`create table "team" ("id" uuid not null, "league_id" uuid not null, "name" varchar(80) not null, "name_key" varchar(80) not null, "captain_id" uuid not null, "draft_id" uuid null, "created_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`alter table "team" add constraint "team_league_id_name_key_unique" unique ("league_id", "name_key");`);

    this.addSql(`create table "league_match" ("id" uuid not null, "league_id" uuid not null, "external_id" varchar(64) not null, "radiant_team_id" uuid null, "dire_team_id" uuid null, "winner" text not null, "played_at" timestamptz not null, "duration_seconds" int null, "created_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`create index "league_match_league_id_played_at_index" on "league_match" ("league_id", "played_at");`);
    this.addSql(`alter table "league_match" add constraint "league_match_league_id_external_id_unique" unique ("league_id", "external_id");`);

    this.addSql(`create table "league_match_player" ("match_id" uuid not null, "player_id" uuid not null, "side" text not null, "slot" int not null, "kills" int not null, "deaths" int not null, "assists" int not null, "gpm" int not null, "xpm" int not null, "won" boolean not null, primary key ("match_id", "player_id"));`);
    this.addSql(`create index "league_match_player_player_id_index" on "league_match_player" ("player_id");`);

    this.addSql(`create table "draft_team" ("draft_id" uuid not null, "index" int not null, "name" varchar(60) not null, "captain_id" uuid not null, "members" jsonb not null, "bans" jsonb not null, "total_mmr" int null, "side" text null, "pick_order" text null, "league_team_id" uuid null, primary key ("draft_id", "index"));`);

    this.addSql(`create table "team_member" ("team_id" uuid not null, "player_id" uuid not null, "slot" int not null, primary key ("team_id", "player_id"));`);
    this.addSql(`create index "team_member_player_id_index" on "team_member" ("player_id");`);

    this.addSql(`alter table "player" add "mmr" int null;`);

    this.addSql(`alter table "league_player_stats" add constraint "league_player_stats_league_id_foreign" foreign key ("league_id") references "league" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "league_player_stats" add constraint "league_player_stats_player_id_foreign" foreign key ("player_id") references "player" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "draft" add constraint "draft_league_id_foreign" foreign key ("league_id") references "league" ("id") on delete set null;`);
    this.addSql(`alter table "draft" add constraint "draft_organiser_id_foreign" foreign key ("organiser_id") references "player" ("id");`);
    this.addSql(`alter table "draft" add constraint "draft_kind_check" check ("kind" in ('players', 'heroes'));`);
    this.addSql(`alter table "draft" add constraint "draft_style_check" check ("style" in ('snake', 'normal', 'shuffle'));`);
    this.addSql(`alter table "draft" add constraint "draft_status_check" check ("status" in ('completed', 'abandoned'));`);

    this.addSql(`alter table "draft_round" add constraint "draft_round_draft_id_foreign" foreign key ("draft_id") references "draft" ("id") on delete cascade;`);
    this.addSql(`alter table "draft_round" add constraint "draft_round_captain_id_foreign" foreign key ("captain_id") references "player" ("id");`);
    this.addSql(`alter table "draft_round" add constraint "draft_round_action_check" check ("action" in ('pick', 'ban'));`);

    this.addSql(`alter table "team" add constraint "team_league_id_foreign" foreign key ("league_id") references "league" ("id") on delete cascade;`);
    this.addSql(`alter table "team" add constraint "team_captain_id_foreign" foreign key ("captain_id") references "player" ("id");`);
    this.addSql(`alter table "team" add constraint "team_draft_id_foreign" foreign key ("draft_id") references "draft" ("id") on delete set null;`);

    this.addSql(`alter table "league_match" add constraint "league_match_league_id_foreign" foreign key ("league_id") references "league" ("id") on delete cascade;`);
    this.addSql(`alter table "league_match" add constraint "league_match_radiant_team_id_foreign" foreign key ("radiant_team_id") references "team" ("id") on delete set null;`);
    this.addSql(`alter table "league_match" add constraint "league_match_dire_team_id_foreign" foreign key ("dire_team_id") references "team" ("id") on delete set null;`);
    this.addSql(`alter table "league_match" add constraint "league_match_winner_check" check ("winner" in ('radiant', 'dire'));`);

    this.addSql(`alter table "league_match_player" add constraint "league_match_player_match_id_foreign" foreign key ("match_id") references "league_match" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "league_match_player" add constraint "league_match_player_player_id_foreign" foreign key ("player_id") references "player" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "league_match_player" add constraint "league_match_player_side_check" check ("side" in ('radiant', 'dire'));`);

    this.addSql(`alter table "draft_team" add constraint "draft_team_draft_id_foreign" foreign key ("draft_id") references "draft" ("id") on delete cascade;`);
    this.addSql(`alter table "draft_team" add constraint "draft_team_captain_id_foreign" foreign key ("captain_id") references "player" ("id");`);
    this.addSql(`alter table "draft_team" add constraint "draft_team_league_team_id_foreign" foreign key ("league_team_id") references "team" ("id") on delete set null;`);
    this.addSql(`alter table "draft_team" add constraint "draft_team_side_check" check ("side" in ('radiant', 'dire'));`);
    this.addSql(`alter table "draft_team" add constraint "draft_team_pick_order_check" check ("pick_order" in ('first', 'second'));`);

    this.addSql(`alter table "team_member" add constraint "team_member_team_id_foreign" foreign key ("team_id") references "team" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "team_member" add constraint "team_member_player_id_foreign" foreign key ("player_id") references "player" ("id") on update cascade on delete cascade;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "league_player_stats" drop constraint "league_player_stats_league_id_foreign";`);
    this.addSql(`alter table "draft" drop constraint "draft_league_id_foreign";`);
    this.addSql(`alter table "team" drop constraint "team_league_id_foreign";`);
    this.addSql(`alter table "league_match" drop constraint "league_match_league_id_foreign";`);
    this.addSql(`alter table "draft_round" drop constraint "draft_round_draft_id_foreign";`);
    this.addSql(`alter table "team" drop constraint "team_draft_id_foreign";`);
    this.addSql(`alter table "draft_team" drop constraint "draft_team_draft_id_foreign";`);
    this.addSql(`alter table "league_match" drop constraint "league_match_radiant_team_id_foreign";`);
    this.addSql(`alter table "league_match" drop constraint "league_match_dire_team_id_foreign";`);
    this.addSql(`alter table "draft_team" drop constraint "draft_team_league_team_id_foreign";`);
    this.addSql(`alter table "team_member" drop constraint "team_member_team_id_foreign";`);
    this.addSql(`alter table "league_match_player" drop constraint "league_match_player_match_id_foreign";`);

    this.addSql(`drop table if exists "league" cascade;`);
    this.addSql(`drop table if exists "league_player_stats" cascade;`);
    this.addSql(`drop table if exists "draft" cascade;`);
    this.addSql(`drop table if exists "draft_round" cascade;`);
    this.addSql(`drop table if exists "team" cascade;`);
    this.addSql(`drop table if exists "league_match" cascade;`);
    this.addSql(`drop table if exists "league_match_player" cascade;`);
    this.addSql(`drop table if exists "draft_team" cascade;`);
    this.addSql(`drop table if exists "team_member" cascade;`);

    this.addSql(`alter table "player" drop column "mmr";`);
  }

}
