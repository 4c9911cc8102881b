-- Whether a trial is open: recruiting, not yet recruiting, enrolling by invitation, or expanded
-- access available. The example queries, the dashboards and the open_trials_lead check count
-- "open trials" with this one list.
create or replace macro is_open(status) as
    status in ('RECRUITING', 'NOT_YET_RECRUITING', 'ENROLLING_BY_INVITATION', 'AVAILABLE')
