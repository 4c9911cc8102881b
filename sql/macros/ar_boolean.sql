-- A registry value read as text ('true', 'false', '0', ...) as ActiveRecord stores it in a boolean
-- column: '' is null, its false words ('0', 'f', 'F', 'false', 'FALSE', 'off', 'OFF') false,
-- anything else true.
create or replace macro ar_boolean(value) as
    case
        when value = '' then null
        else value not in ('0', 'f', 'F', 'false', 'FALSE', 'off', 'OFF')
    end
