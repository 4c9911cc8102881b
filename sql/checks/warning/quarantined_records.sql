-- Study versions withheld from every list because they cannot be ranked or exported safely
-- (see the quarantine table); reported, never blocking: upstream data does not fail a run.
with final as (
    select nct_id, reason_code, reason, first_seen_at, first_run_id
    from quarantine
    order by nct_id, reason_code
)

select * from final
