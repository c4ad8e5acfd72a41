"""`yangguang search rebuild`: index every public item and record again (after a bulk load or an
upgrade); `yangguang search query TEXT`: what the public search finds, for checking synonyms."""

from django.core.management.base import BaseCommand, CommandError

from yangguang.core import search as S
from yangguang.disclosure import search as disclosure_search
from yangguang.services import search as services_search


class Command(BaseCommand):
    help = "Rebuild the public search indexes, or try a query."

    def add_arguments(self, parser):
        parser.add_argument("verb", choices=["rebuild", "query"])
        parser.add_argument("text", nargs="?", default="")

    def handle(self, verb, text, **opts):
        if verb == "rebuild":
            items, records = services_search.rebuild(), disclosure_search.rebuild()
            self.stdout.write(f"{items} items, {records} records indexed")
            return
        if not text:
            raise CommandError("query needs a text")
        query = S.parse_with_synonyms(text)
        for r in services_search.search(query, flt={}, limit=5)["results"]:
            self.stdout.write(f"item {r['id']}: {S.plain(r['name'])}")
        for r in disclosure_search.search(query, flt={}, limit=5)["results"]:
            self.stdout.write(f"record {r['id']}: {S.plain(r['title'])}")
