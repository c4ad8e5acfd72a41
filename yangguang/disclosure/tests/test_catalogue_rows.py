"""The public catalogue's rows from `{% record_rows %}` are the bytes the plain template loop made."""

from django.template import Context, Template
from hypothesis import given, settings
from hypothesis import strategies as st

LOOP = Template(
    '{% for d in records %}<tr><td><a href="{{ record_base }}{{ d.id }}/">{{ d.title }}</a></td>'
    '<td data-label="{{ h_doc }}">{{ d.doc_number }}</td><td data-label="{{ h_unit }}">{{ d.unit__name }}</td>'
    '<td data-label="{{ h_cat }}">{{ d.category__name }}</td><td data-label="{{ h_date }}">{{ d.published }}</td></tr>\n'
    "{% endfor %}"
)
TAG = Template("{% load disclosure_rows %}{% record_rows records record_base h_doc h_unit h_cat h_date %}")
text = st.text(alphabet=st.sampled_from("洱海<>&\"' a1〔〕"), max_size=12)
record = st.fixed_dictionaries(
    {
        "id": st.integers(1, 2**62),
        "title": text,
        "doc_number": text,
        "unit__name": text,
        "category__name": text,
        "published": st.sampled_from(["2025-03-01", ""]),
    }
)


@settings(max_examples=60, deadline=None)
@given(records=st.lists(record, max_size=5), heads=st.lists(text, min_size=4, max_size=4), base=text)
def test_the_tag_writes_what_the_loop_wrote(records, heads, base):
    ctx = {
        "records": records,
        "record_base": base,
        **dict(zip(["h_doc", "h_unit", "h_cat", "h_date"], heads, strict=True)),
    }
    assert TAG.render(Context(ctx)) == LOOP.render(Context(ctx))
