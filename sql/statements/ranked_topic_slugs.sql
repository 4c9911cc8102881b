-- The ranked topics of a published file.
select topic from topics where ranked order by topic
