"""Benchmark 2, rebuild: rebuilding every read model from the log, against reading and decoding the same events
with ``select_notifications``. Goal: at least 40% of the read rate, with a progress bar.

    .venv/bin/python -m bench.rebuild_bench --backend sqlite --cases 10000 --years 1
    .venv/bin/python -m bench.rebuild_bench --backend postgresql --cases 10000 --years 1

A fresh database is filled by ``rpledger demo --cases N --years Y`` (``load_scale``, without the read models, which
the rebuild then makes). Then:

- **read + decode**: ``recorder.select_notifications`` in pages of 1,000, each notification decoded into its domain
  event by the application's mapper: the floor for anything that reads the whole log;
- **rebuild**: ``CaseProjection.rebuild`` and ``BlanketRegisterProjection.rebuild`` (what
  ``rpledger projections rebuild`` does): drop the read models, then for every batch of 5,000 events load each case it
  touched, evaluate its rules and write its rows, with a progress bar on stderr.
"""

from __future__ import annotations

import time

from bench.common import arguments, fresh_database, settings, verdict
from rpledger.bootstrap import Services, build_services
from rpledger.demo.scale import load_scale
from rpledger.progress import log_position_bar


def read_and_decode(services: Services) -> int:
    recorder, mapper = services.cases.recorder, services.cases.mapper
    count, start = 0, 1
    while page := recorder.select_notifications(start, 1000):
        for notification in page:
            mapper.to_domain_event(notification)
        count += len(page)
        start = page[-1].id + 1
    return count


def rebuild_with_progress(services: Services, total: int) -> int:
    """The rebuild, with the bars ``rpledger projections rebuild`` shows (they follow each batch's log position)."""
    with log_position_bar(total, "rebuild") as reached:
        applied = services.projection.rebuild(reached)
    with log_position_bar(total, "blanket register") as reached:
        services.blanket_projection.rebuild(reached)
    return applied


def main() -> None:
    args = arguments(__doc__.splitlines()[0], cases=(int, 10_000, "cases to generate"),
                     years=(float, 1.0, "years of history"), seed=(int, 7, "seed"))
    with fresh_database(args.backend) as database:
        services = build_services(settings(database))
        try:
            report = load_scale(services.cases, count=args.cases, years=args.years, seed=args.seed)
            total = services.cases.recorder.max_notification_id() or 0
            started = time.perf_counter()
            assert read_and_decode(services) == total
            read = time.perf_counter() - started
            started = time.perf_counter()
            applied = rebuild_with_progress(services, total)
            rebuilt = time.perf_counter() - started
        finally:
            services.close()
    assert applied == total, (applied, total)
    ratio = (total / rebuilt) / (total / read)
    print(f"rebuild, {args.backend}: {args.cases:,} cases, {total:,} events over {args.years:g} years "
          f"(generated in {report.seconds:.0f} s)")
    print(f"  read + decode (select_notifications)  {read:7.1f} s  {total / read:9,.0f} events/s")
    print(f"  rebuild every read model               {rebuilt:7.1f} s  {total / rebuilt:9,.0f} events/s   "
          f"ratio {ratio:.2f}  ({verdict(ratio, 0.4, at_least=True)})")


if __name__ == "__main__":
    main()
