"""The published rights content and its search index: what the bot serves right now."""

from __future__ import annotations

from dataclasses import dataclass, replace

from bot.faq.content import ContentSet, Entry, Service, Topic
from bot.faq.search import AnswerMode, FaqIndex, Hit, answer_mode

EMERGENCY_SLUG = "emergency"


@dataclass(frozen=True)
class Library:
    """One content revision, published entries only, ready to browse and search."""

    revision: int
    content: ContentSet
    index: FaqIndex

    @classmethod
    def from_content(cls, revision: int, content: ContentSet) -> Library:
        """Keep the published entries of ``content`` and index them."""
        published = {
            slug: entry for slug, entry in content.entries.items() if entry.status == "published"
        }
        content = replace(content, entries=published)
        return cls(revision, content, FaqIndex.build(content, statuses=("published",)))

    def entry(self, slug: str) -> Entry | None:
        """A published entry by slug."""
        return self.content.entries.get(slug)

    def topics(self) -> list[Topic]:
        """The menu's topics that have at least one entry, in menu order."""
        used = {entry.topic for entry in self.content.entries.values()}
        return sorted((t for t in self.content.topics if t.id in used), key=lambda t: t.order)

    def topic(self, topic_id: str) -> Topic | None:
        return next((t for t in self.content.topics if t.id == topic_id), None)

    def entries_in(self, topic_id: str) -> list[Entry]:
        """The entries of one topic, in menu order."""
        entries = [e for e in self.content.entries.values() if e.topic == topic_id]
        return sorted(entries, key=lambda entry: (entry.order, entry.slug))

    def search(self, text: str, language: str | None) -> tuple[AnswerMode, list[Hit]]:
        """The best entries for a question, and whether to answer, offer a choice, or neither."""
        hits = self.index.search(text, language, k=3)
        return answer_mode(hits), hits

    def source_titles(self, entry: Entry) -> list[str]:
        """The titles of an entry's sources, for the line under the answer."""
        sources = self.content.sources
        return [sources[source].title for source in entry.sources if source in sources]

    def services_in(self, city_id: str | None) -> list[Service]:
        """Services working in a city, and those working everywhere (no cities listed)."""
        return [
            service
            for service in self.content.directory.services
            if not service.cities or (city_id is not None and city_id in service.cities)
        ]
