-- expect: runs
-- Lead sponsors tidied with initcap and btrim.
SELECT initcap(btrim(name)) AS sponsor, agency_class, count(*) AS studies
FROM ctgov.sponsors
WHERE lead_or_collaborator = 'lead'
GROUP BY 1, 2
ORDER BY studies DESC, sponsor;
