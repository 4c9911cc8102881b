-- Store one key of rebuild_state (what the tables were last built from), at the run's time (the
-- third ?; the database's own clock when it is null).
insert or replace into rebuild_state values (?, ?, coalesce(?::timestamp, now()::timestamp))
