-- The rows of one relation, named by the bound string (a ctgov table from ctgov_columns).
select count(*) from query_table(?)
