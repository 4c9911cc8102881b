-- PostgreSQL's to_char(timestamp or date, template) for the date/time template patterns AACT
-- queries use: YYYY YY Q MM Mon MON Month FMMonth DD Dy Day FMDay HH24 HH12 HH MI SS AM PM;
-- to_char(study_first_submitted_date, 'YYYY-MM') is '2019-03'. Month and Day are blank-padded
-- to 9 characters as in PostgreSQL ('March    '), FMMonth and FMDay not; other text is kept.
-- Each pattern first becomes a marker character, then its value, so a value ('Monday') is
-- never read as a pattern ('Mon'); longer patterns go first, so YYYY is not read as YY.
-- Numbers (to_char(123, '999')) are not covered: cast them instead (docs/aact.md).
create or replace macro to_char(value, fmt) as
    replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(fmt,
        'FMMonth', chr(1)),
        'FMDay', chr(2)),
        'Month', chr(3)),
        'MONTH', chr(4)),
        'Day', chr(5)),
        'YYYY', chr(6)),
        'YY', chr(7)),
        'MON', chr(8)),
        'Mon', chr(9)),
        'MM', chr(11)),
        'DD', chr(12)),
        'Dy', chr(14)),
        'HH24', chr(15)),
        'HH12', chr(16)),
        'HH', chr(16)),
        'MI', chr(17)),
        'SS', chr(18)),
        'AM', chr(19)),
        'PM', chr(19)),
        chr(1), monthname(value::timestamp)),
        chr(2), dayname(value::timestamp)),
        chr(3), rpad(monthname(value::timestamp), 9, ' ')),
        chr(4), upper(rpad(monthname(value::timestamp), 9, ' '))),
        chr(5), rpad(dayname(value::timestamp), 9, ' ')),
        chr(6), lpad(year(value::timestamp)::varchar, 4, '0')),
        chr(7), lpad((year(value::timestamp) % 100)::varchar, 2, '0')),
        chr(8), upper(left(monthname(value::timestamp), 3))),
        chr(9), left(monthname(value::timestamp), 3)),
        chr(11), lpad(month(value::timestamp)::varchar, 2, '0')),
        chr(12), lpad(day(value::timestamp)::varchar, 2, '0')),
        chr(14), left(dayname(value::timestamp), 3)),
        chr(15), lpad(hour(value::timestamp)::varchar, 2, '0')),
        chr(16), lpad(((hour(value::timestamp) + 11) % 12 + 1)::varchar, 2, '0')),
        chr(17), lpad(minute(value::timestamp)::varchar, 2, '0')),
        chr(18), lpad(second(value::timestamp)::varchar, 2, '0')),
        chr(19), case when hour(value::timestamp) < 12 then 'AM' else 'PM' end),
        'Q', quarter(value::timestamp)::varchar)
