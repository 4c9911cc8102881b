-- A text as ActiveRecord stores it in a double precision column (AACT's p_value): blank
-- (ar_blank) is null; exactly 'Infinity', '-Infinity' or 'NaN' is that value; anything else
-- Ruby's String#to_f, the leading number after ASCII white space ('0.05*' 0.05, '5.' 5, '1e-3'
-- 0.001) and 0 when there is none ('NA' 0, '≤0.05' 0).
create or replace macro ar_float(value) as
    case
        when value is null or ar_blank(value) then null
        when value = 'Infinity' then 'inf'::double
        when value = '-Infinity' then '-inf'::double
        when value = 'NaN' then 'nan'::double
        when regexp_matches(value, '^[\t\n\v\f\r ]*[+-]?\.?[0-9]')
            then try_cast(replace(regexp_extract(
                value,
                '^[\t\n\v\f\r ]*([+-]?(?:[0-9]+(?:_[0-9]+)*(?:\.[0-9]+(?:_[0-9]+)*)?|\.[0-9]+(?:_[0-9]+)*)(?:[eE][+-]?[0-9]+(?:_[0-9]+)*)?)',
                1
            ), '_', '') as double)
        else 0
    end
