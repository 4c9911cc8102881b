-- The topic the dashboard is about (topics): fills the page title and lead.
select title as topic_title, coalesce(article_title, title) as article_title
from topics
where topic = $topic
