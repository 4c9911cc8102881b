-- AACT's first-of-month date conversion (anticipated_posting_date): a month ('2019-03') as its
-- first day; a full date as is; a year ('2019') as its last day, as AACT's loader does.
create or replace macro aact_month_start(value) as
    case
        when regexp_full_match(value, '\d{4}-\d{2}') then try_cast(value || '-01' as date)
        else aact_date(value)
    end
