-- The catalog unqualified names resolve in.
select current_database()
