"""Where a post of ours can stand, and what answers for need where none can.

hosts.csv gives, per country (and agency, or all), whether a post is possible, not possible, or
not possible but a channel answers instead (mainland China: intelligence passed under the
cross-strait agreements, as the briefing's own cases show); channels.csv gives each channel's
reach and the share of need it answers (its effectiveness: an assumption unless a source says
otherwise, stated as such). The planner places no candidate where a post cannot stand and
counts a channel's share of the need in its reach as answered, apart from the posts.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..data.issues import DataError, Issue
from ..data.schema import CHANNELS, DEFAULT_DATA, HOSTS
from ..data.tables import read_table_file


@dataclass(frozen=True)
class Channel:
    id: str
    name_zh: str
    name_en: str
    countries: frozenset[str]
    agencies: frozenset[str]
    effectiveness: float
    effectiveness_source: str
    source: str


@dataclass(frozen=True)
class Host:
    country: str
    agency: str | None  # None: every agency
    status: str  # "post", "no_post" or "channel"
    channel: str | None
    reason_zh: str
    reason_en: str
    source: str


@dataclass(frozen=True)
class Hosts:
    hosts: tuple[Host, ...] = ()
    channels: tuple[Channel, ...] = ()
    file: str = ""

    def rule(self, country: str | None, agencies) -> Host | None:
        """The row that decides for a country and the agencies planned: for one agency its own row
        wins over the one for every agency, for several the one for every agency; None where a post
        may stand."""
        agencies = set(agencies)
        found = [h for h in self.hosts if h.country == country and (h.agency is None or h.agency in agencies)]
        found.sort(key=lambda h: (h.agency is None) == (len(agencies) == 1))
        return found[0] if found and found[0].status != "post" else None

    def channels_for(self, agencies) -> tuple[Channel, ...]:
        return tuple(c for c in self.channels if c.agencies & set(agencies))

    def answered(self, country: str | None, agencies) -> tuple[Channel, float] | None:
        """The channel answering for need in a country, and its share, where one reaches it."""
        best = max((c for c in self.channels_for(agencies) if country in c.countries), key=lambda c: c.effectiveness, default=None)
        return (best, best.effectiveness) if best else None


def hosts_file(source: Path | None) -> Path:
    """hosts.csv beside a data folder's layers, else the shipped one (a workspace keeps none)."""
    if source is not None and Path(source).is_dir() and (Path(source) / HOSTS.file).is_file():
        return Path(source) / HOSTS.file
    return DEFAULT_DATA / HOSTS.file


def load_hosts(path: Path, countries: set[str]) -> Hosts:
    """hosts.csv and the channels.csv beside it, every bad cell an Issue naming file, row and column."""
    path = Path(path)
    issues: list[Issue] = []
    hosts_table, found = read_table_file(path, HOSTS)
    issues += found
    channels_table, found = read_table_file(path.parent / CHANNELS.file, CHANNELS)
    issues += found
    if hosts_table is None or channels_table is None or any(i.severity == "error" for i in issues):
        raise DataError(issues)
    channels = []
    for line, row in zip(channels_table.lines, channels_table.frame.itertuples()):
        reach = frozenset(c.strip() for c in row.countries.split(";") if c.strip())
        issues += [Issue(CHANNELS.file, line, "countries", f"unknown country {c!r}") for c in sorted(reach - countries)]
        if row.effectiveness > 1:
            issues.append(Issue(CHANNELS.file, line, "effectiveness", f"{row.effectiveness} is above 1 (a share of the need)"))
        channels.append(Channel(row.id, row.name_zh, row.name_en, reach, frozenset(row.agencies), float(row.effectiveness),
                                row.effectiveness_source, row.source))
    known = {c.id for c in channels}
    hosts = []
    for line, row in zip(hosts_table.lines, hosts_table.frame.itertuples()):
        if row.country not in countries:
            issues.append(Issue(path.name, line, "country", f"unknown country {row.country!r}"))
        if row.status == "channel" and row.channel not in known:
            issues.append(Issue(path.name, line, "channel", f"{row.channel!r} is not in {CHANNELS.file}"))
        hosts.append(Host(row.country, row.agency or None, row.status, row.channel or None, row.reason_zh, row.reason_en, row.source))
    if issues:
        raise DataError(issues)
    return Hosts(tuple(hosts), tuple(channels), str(path))
