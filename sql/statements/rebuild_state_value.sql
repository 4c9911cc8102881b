-- One key of rebuild_state.
select value from rebuild_state where key = ?
