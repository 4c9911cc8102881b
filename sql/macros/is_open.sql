-- Whether a trial is open: recruiting, not yet recruiting, enrolling by invitation, or expanded
-- access available (the statuses of tone open or soon in the vocabulary). The example queries,
-- the dashboards and the open_trials_lead check count "open trials" with this one list.
create or replace macro is_open(status) as
    status in (select value from vocabulary where kind = 'status' and tone in ('open', 'soon'))
