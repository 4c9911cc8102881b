-- Ruby's String#strip: leading and trailing ASCII white space and NUL characters removed.
create or replace macro ruby_strip(value) as
    regexp_replace(value, '^[\x00\t\n\v\f\r ]+|[\x00\t\n\v\f\r ]+$', '', 'g')
