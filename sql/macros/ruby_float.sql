-- AACT's `float` conversion (Ruby's Float(text), nil when it raises): a text that is one number
-- and nothing else but white space around it ('1.5', ' 2 ', '1e-3', '.5', '1_000', '0x1A') as a
-- double; anything else ('NA', '5.', '1,234', '<0.05', '') null. A number past a double's range
-- is infinite, as in Ruby.
create or replace macro ruby_float(value) as
    case
        -- The common text first, without a regular expression: digits, dots and minus signs
        -- only, which DuckDB casts as Ruby does unless the text ends in a dot ('5.').
        when translate(value, '0123456789.-', '') = '' and not ends_with(value, '.')
            then try_cast(value as double)
        when regexp_full_match(
            value,
            '[\t\n\v\f\r ]*[+-]?(?:[0-9]+(?:_[0-9]+)*(?:\.[0-9]+(?:_[0-9]+)*)?|\.[0-9]+(?:_[0-9]+)*)(?:[eE][+-]?[0-9]+(?:_[0-9]+)*)?[\t\n\v\f\r ]*'
        )
            then try_cast(replace(trim(value, chr(9) || chr(10) || chr(11) || chr(12) || chr(13) || ' '), '_', '') as double)
        when regexp_full_match(value, '[\t\n\v\f\r ]*[+-]?0[xX][0-9a-fA-F]+(?:_[0-9a-fA-F]+)*[\t\n\v\f\r ]*')
            then if(contains(value, '-'), -1, 1) * try_cast(
                '0x' || replace(regexp_extract(value, '0[xX]([0-9a-fA-F_]+)', 1), '_', '') as bigint
            )::double
    end
