import { Migration } from '@mikro-orm/migrations';

export class Migration20261201071433_node_heartbeats_and_room_index extends Migration {

  override name = 'Migration20261201071433_node_heartbeats_and_room_index';

  override up(): void | Promise<void> {
    this.addSql(`create table "node_heartbeat" ("node" varchar(64) not null, "alive_at" timestamptz not null, primary key ("node"));`);

    this.addSql(`create index "game_session_room_id_index" on "game_session" ("room_id");`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "node_heartbeat" cascade;`);

    this.addSql(`drop index "game_session_room_id_index";`);
  }

}
