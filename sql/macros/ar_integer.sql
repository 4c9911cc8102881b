-- A registry text as ActiveRecord stores it in an integer column: blank (ar_blank) is null,
-- anything else Ruby's String#to_i, the leading integer after ASCII white space ('12 weeks' 12,
-- '1_000' 1000, '2.5' 2) and 0 when there is none ('NA' 0). AACT's column is PostgreSQL's
-- 4-byte integer, which refuses a larger value; here it is null.
create or replace macro ar_integer(value) as
    case
        -- The common text first, without a regular expression: an integer as DuckDB writes it.
        when try_cast(value as integer)::varchar = value then try_cast(value as integer)
        when value is null or ar_blank(value) then null
        when regexp_matches(value, '^[\t\n\v\f\r ]*[+-]?[0-9]')
            then try_cast(
                replace(regexp_extract(value, '^[\t\n\v\f\r ]*([+-]?[0-9]+(?:_[0-9]+)*)', 1), '_', '')
                as integer
            )
        else 0
    end
