-- Store one key of rebuild_state (what the tables were last built from).
insert or replace into rebuild_state values (?, ?, now()::timestamp)
