-- Text for whole-word term matching: lower case, every non-alphanumeric run becomes one space,
-- words lightly stemmed (trailing "ing" dropped from words over 5 letters, a trailing single "s"
-- from words over 3), padded with spaces so ' alcohol drink ' matches only whole words.
-- "Alcohol-Drinking Habits" -> ' alcohol drink habit '. Terms go through the same macro.
create or replace macro norm_text(s) as
    ' ' || array_to_string(
        list_transform(
            list_filter(string_split_regex(lower(coalesce(s, '')), '[^a-z0-9]+'), lambda w: w <> ''),
            lambda w: case
                when len(w) > 5 and suffix(w, 'ing') then w[1:-4]
                when len(w) > 3 and suffix(w, 's') and not suffix(w, 'ss') then w[1:-2]
                else w
            end
        ),
        ' '
    ) || ' '
