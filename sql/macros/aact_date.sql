-- AACT's date conversion of a registry date text: a full date as is (a time after 'T' dropped), a
-- month ('2019-03') as its last day, a year ('2019') as its last day; anything else null.
-- AACT converts anticipated_posting_date with its first-of-month rule instead (aact_month_start).
create or replace macro aact_date(value) as
    case
        when regexp_full_match(value, '\d{4}-\d{2}-\d{2}(T.*)?')
            then try_cast(substr(value, 1, 10) as date)
        when regexp_full_match(value, '\d{4}-\d{2}')
            then last_day(try_cast(value || '-01' as date))
        when regexp_full_match(value, '\d{4}') then try_cast(value || '-12-31' as date)
    end
