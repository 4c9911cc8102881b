-- PostgreSQL's to_date(text, template) for the templates AACT queries use (DuckDB parses dates by
-- a constant format only, so each is listed): YYYY-MM-DD, YYYY-MM, YYYY, YYYYMMDD, MM/DD/YYYY,
-- DD/MM/YYYY, DD Mon YYYY, Mon YYYY, Month YYYY, Month DD, YYYY, Mon DD, YYYY.
-- to_date('05 Dec 2000', 'DD Mon YYYY') is 2000-12-05; a month alone its first day, as in
-- PostgreSQL. Text that does not fit is an error, as in PostgreSQL; so is another template.
create or replace macro to_date(value, fmt) as (
    case fmt
        when 'YYYY-MM-DD' then strptime(value, '%Y-%m-%d')
        when 'YYYY-MM' then strptime(value, '%Y-%m')
        when 'YYYY' then strptime(value, '%Y')
        when 'YYYYMMDD' then strptime(value, '%Y%m%d')
        when 'MM/DD/YYYY' then strptime(value, '%m/%d/%Y')
        when 'DD/MM/YYYY' then strptime(value, '%d/%m/%Y')
        when 'DD Mon YYYY' then strptime(value, '%d %b %Y')
        when 'Mon YYYY' then strptime(value, '%b %Y')
        when 'Month YYYY' then strptime(value, '%B %Y')
        when 'Month DD, YYYY' then strptime(value, '%B %d, %Y')
        when 'Mon DD, YYYY' then strptime(value, '%b %d, %Y')
        else error('to_date: template ' || fmt || ' is not emulated (docs/aact.md)')
    end
)::date
