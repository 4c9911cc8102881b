-- Cramp trials in cirrhosis, dialysis, ALS and pregnancy: cramps studied alongside a cause.
-- These are the underlying conditions the article names as common causes of cramps.
-- A relevant trial (tier primary or secondary) belongs to a context when one of the context's
-- terms names its title, a condition, a keyword or a condition MeSH term, matched as whole words
-- after norm_text (lower case, light stemming: "Liver Cirrhosis" matches cirrhosis).
-- Columns: topic; context (cirrhosis, dialysis, ALS, pregnancy); nct_id; brief_title;
-- overall_status (API enum); tier; matched_text (the first text that matched, conditions first).
with contexts as (
    select context, norm_text(term) as term_norm
    from (values
        ('cirrhosis', ['cirrhosis', 'liver disease', 'hepatic encephalopathy', 'portal hypertension']),
        ('dialysis', ['dialysis', 'hemodialysis', 'haemodialysis', 'intradialytic',
                      'end stage renal disease', 'end stage kidney disease', 'kidney failure',
                      'renal failure']),
        ('ALS', ['amyotrophic lateral sclerosis', 'als', 'motor neuron disease',
                 'motor neurone disease']),
        ('pregnancy', ['pregnancy', 'pregnant', 'gestation', 'gestational'])
    ) as c(context, terms), unnest(terms) as t(term)
),

texts as (
    select nct_id, field, text, text_norm
    from study_texts
    where field in ('title', 'condition', 'keyword')
    union all
    select nct_id, 'condition_mesh', mesh_term, norm_text(mesh_term)
    from condition_meshes
    where kind = 'mesh'
),

field_rank as (
    select * from (values ('condition', 1), ('condition_mesh', 2), ('keyword', 3), ('title', 4))
        as f(field, field_order)
),

matches as (
    select c.context, x.nct_id, arg_min(x.text, f.field_order) as matched_text
    from texts as x
    inner join field_rank as f on f.field = x.field
    inner join contexts as c on contains(x.text_norm, c.term_norm)
    group by all
),

final as (
    select
        r.topic,
        m.context,
        m.nct_id,
        s.brief_title,
        s.overall_status,
        r.tier,
        m.matched_text
    from matches as m
    inner join study_relevance as r on r.nct_id = m.nct_id
    inner join studies as s on s.nct_id = m.nct_id
    where r.tier <> 'excluded'
)

select * from final order by topic, context, nct_id
