-- A registry text as ActiveRecord stores it in a numeric column (AACT's param_value ...): blank
-- (ar_blank) is null, anything else Ruby's String#to_d, the leading decimal number after ASCII
-- white space ('1.5 units' 1.5, '5.' 5, '.5' 0.5, '1_000' 1000) and 0 when there is none
-- ('NA' 0); 'Infinity', '-Infinity' and 'NaN' alone are those values. As a double here.
create or replace macro ar_decimal(value) as
    case
        when value is null or ar_blank(value) then null
        when regexp_full_match(value, '[\t\n\v\f\r ]*[+-]?Infinity[\t\n\v\f\r ]*')
            then if(contains(value, '-'), '-inf', 'inf')::double
        when regexp_full_match(value, '[\t\n\v\f\r ]*NaN[\t\n\v\f\r ]*') then 'nan'::double
        -- One match, its parts put back together as a plain decimal (a list of one evaluates
        -- the match once).
        else [
            try_cast(replace(
                p.sign || coalesce(nullif(p.whole, ''), '0') || '.'
                || coalesce(nullif(p.fraction, ''), '0') || p.exponent,
                '_', ''
            ) as double)
            for p in [regexp_extract(
                value,
                '^[\t\n\v\f\r ]*([+-]?)([0-9]+(?:_[0-9]+)*)?(?:\.([0-9]+(?:_[0-9]+)*)?)?([eE][+-]?[0-9]+(?:_[0-9]+)*)?',
                ['sign', 'whole', 'fraction', 'exponent']
            )]
        ][1]
    end
