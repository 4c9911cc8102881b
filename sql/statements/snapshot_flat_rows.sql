-- Every row of one relation, named by the bound string, as text in AACT's flat-file conventions
-- (docs/snapshots.md): booleans as PostgreSQL writes them (t, f); a line break inside a value
-- (LF, CR LF or CR) and one whitespace character after it as one `~`, as AACT's exporter writes
-- them, so a record is one line; '' written like NULL, as an empty field. Every other type as
-- DuckDB casts it to text (dates YYYY-MM-DD, timestamps YYYY-MM-DD HH:MM:SS). The CSV writer
-- quotes a value holding `|` or `"` and doubles its `"`.
select
    case typeof(columns(*))
        when 'BOOLEAN' then case columns(*)::varchar when 'true' then 't' when 'false' then 'f' end
        else nullif(
            regexp_replace(regexp_replace(columns(*)::varchar, '\r\n?', chr(10), 'g'), '\n\s?', '~', 'g'),
            ''
        )
    end
from query_table(?)
