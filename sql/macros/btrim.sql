-- PostgreSQL's btrim(text [, characters]): the longest run of the characters (default: space)
-- removed from both ends; btrim('xyxtrimyyx', 'xyz') is 'trim'.
create or replace macro btrim(value) as trim(value, ' '), (value, characters) as trim(value, characters)
