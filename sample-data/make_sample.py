#!/usr/bin/env python3
"""Generate the committed meterbill sample data set (registry/, reads/, expected-kwh.csv).

This script produces the small, hand-checkable sample that is committed to the repository:
50 accounts / service points in the fictional town of Riverton NY and one billing cycle
(November 2025, America/New_York, including the end of DST on 2025-11-02) of 15-minute
interval reads, with a handful of deliberately injected problems that README.md lists with
their exact file and line. It is deterministic (standard library only, fixed seed 20251101):
re-running it rewrites the same bytes. Larger data sets for load testing are the job of the
Java generator (a later feature), not of this script.

Usage: python3 sample-data/make_sample.py
"""
import csv
import random
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

SEED = 20251101
OUT = Path(__file__).resolve().parent
TOWN = "Riverton NY 12345"
UTC = timezone.utc
EDT, EST = timezone(timedelta(hours=-4)), timezone(timedelta(hours=-5))
CYCLE_START = datetime(2025, 11, 1, 4, tzinfo=UTC)   # 2025-11-01T00:00-04:00
CYCLE_END = datetime(2025, 12, 1, 5, tzinfo=UTC)     # 2025-12-01T00:00-05:00 (exclusive)
DST_END = datetime(2025, 11, 2, 6, tzinfo=UTC)       # 02:00 EDT -> 01:00 EST
EXCHANGE = datetime(2025, 11, 14, 15, tzinfo=UTC)    # 2025-11-14T10:00:00-05:00
EXCHANGE_SP, NO_READS_SP, UNKNOWN_METER = "SP-0017", "SP-0042", "M-99999999"
COMMERCIAL = ["SP-0005", "SP-0011", "SP-0019", "SP-0023", "SP-0030", "SP-0036", "SP-0044", "SP-0048"]
# Service points on the time-of-use and demand tariffs (the rest are on the flat RES-FLAT / COM-FLAT),
# so that the demo exercises TOU periods, NERC holidays (Thanksgiving) and demand charges.
TARIFF_CHOSEN = {**{f"SP-{i:04d}": "RES-TOU" for i in (2, 3, 4, 6, 7, 8, 9, 12)},
                 "SP-0030": "COM-DEMAND", "SP-0044": "COM-DEMAND"}
READ_FILES = [("reads-2025-11-01_10.csv", 1, 10), ("reads-2025-11-11_20.csv", 11, 20),
              ("reads-2025-11-21_30.csv", 21, 30)]
READ_HEADER = ["meter_serial", "interval_start", "interval_minutes", "channel", "value", "unit"]

FIRST = ["James", "Mary", "Robert", "Patricia", "Michael", "Jennifer", "David", "Linda", "William",
         "Susan", "Thomas", "Karen", "Daniel", "Nancy", "Matthew", "Lisa", "Anthony", "Margaret",
         "Mark", "Sandra", "Steven", "Ashley", "Kevin", "Emily", "Brian", "Donna", "George", "Michelle",
         "Ryan", "Laura", "Gary", "Rebecca", "Eric", "Sharon", "Jacob", "Megan", "Nicholas", "Hannah"]
LAST = ["Smith", "Johnson", "Williams", "Brown", "Jones", "Miller", "Davis", "Wilson", "Anderson",
        "Taylor", "Moore", "Martin", "Thompson", "White", "Harris", "Clark", "Lewis", "Walker", "Hall",
        "Young", "King", "Wright", "Hill", "Green", "Adams", "Baker", "Nelson", "Carter", "Mitchell",
        "Roberts", "O'Brien", "Kowalski", "Nguyen", "Schneider", "Russo", "Murphy", "Sullivan"]
STREETS = ["Maple St", "Oak Ave", "Elm St", "Church St", "River Rd", "Mill St", "Hillside Dr",
           "Cedar Ln", "Birch Ct", "Washington Ave", "Pine St", "Orchard Rd", "Lakeview Dr"]
SHOPS = [("Riverton Hardware LLC", "Main St"), ("Maple Street Bakery", "Main St"),
         ("Bridge St Laundromat", "Bridge St"), ("Hudson Valley Pharmacy", "Market St"),
         ("Corner Market Deli", "Main St"), ("Riverton Auto Repair", "Mill St"),
         ("Blue Heron Cafe", "Market St"), ("Northside Dental Office", "Bridge St")]
RES_MODELS, COM_MODELS = ["Itron Centron", "Landis+Gyr E350", "Aclara I-210+"], ["Itron Sentinel", "Landis+Gyr E650"]

# Relative hourly load, local hours 0..23 (interpolated to quarter hours).
RES_WEEKDAY = [.45, .40, .38, .37, .38, .50, .85, 1.2, 1.05, .70, .60, .58,
               .60, .58, .60, .70, .95, 1.45, 1.8, 1.75, 1.6, 1.35, 1.0, .65]
RES_WEEKEND = [.50, .45, .40, .38, .38, .42, .55, .80, 1.1, 1.2, 1.1, 1.0,
               .95, .90, .90, .95, 1.1, 1.45, 1.75, 1.7, 1.55, 1.35, 1.05, .70]
COM_WEEKDAY = [.30] * 6 + [.40, .70, 1.0, 1.05, 1.05, 1.1, 1.15, 1.1, 1.05, 1.05, 1.0, .85, .55, .40] + [.30] * 4
COM_SATURDAY = [.30] * 8 + [.45, .80, .85, .90, .90, .90, .85, .80, .55, .35] + [.30] * 6
COM_SUNDAY = [.30] * 24


def local(t):
    """UTC instant -> America/New_York wall time with its offset (only one transition in the cycle)."""
    return t.astimezone(EDT if t < DST_END else EST)


def edt_on(d):
    """US DST rule since 2007 (second Sunday of March to first Sunday of November), daytime only."""
    march_sunday2 = 8 + (6 - date(d.year, 3, 8).weekday()) % 7
    nov_sunday1 = 1 + (6 - date(d.year, 11, 1).weekday()) % 7
    return date(d.year, 3, march_sunday2) <= d < date(d.year, 11, nov_sunday1)


def wh_text(wh):
    return f"{'-' if wh < 0 else ''}{abs(wh) // 1000}.{abs(wh) % 1000:03d}"


def write_csv(path, header, rows):
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)


def make_registry(rng):
    firsts, lasts = rng.sample(FIRST, len(FIRST)), rng.sample(LAST, len(LAST))
    people = [(firsts[i % len(firsts)], lasts[i % len(lasts)]) for i in range(42)]  # all distinct
    people[6] = ("José", "Álvarez")  # a non-ASCII name keeps the UTF-8 handling honest
    addresses = rng.sample([(n, s) for n in range(1, 240) for s in STREETS], 42)
    shops = iter(SHOPS)
    accounts, sps, meters, installs = [], [], [], []
    for i in range(1, 51):
        acc, sp, serial = f"ACC-{i:04d}", f"SP-{i:04d}", f"M-{10000000 + i}"
        if sp in COMMERCIAL:
            name, street = next(shops)
            address = f"{rng.randint(1, 120)} {street}, {TOWN}"
            email = name.lower().replace(" llc", "").replace(" ", ".") + "@example.org"
            tariff, model = "COM-FLAT", rng.choice(COM_MODELS)
        else:
            first, last = people.pop()
            number, street = addresses.pop()
            address = f"{number} {street}, {TOWN}"
            email = f"{first}.{last}".lower().replace("'", "").replace("é", "e").replace("á", "a") \
                + rng.choice(["@example.com", "@example.org"])
            name, tariff, model = f"{first} {last}", "RES-FLAT", rng.choice(RES_MODELS)
        mailing = f"PO Box {rng.randint(100, 999)}, {TOWN}" if rng.random() < 0.08 else address
        accounts.append([acc, name, mailing, email])
        sps.append([sp, acc, address, "America/New_York", "ELECTRIC", TARIFF_CHOSEN.get(sp, tariff)])
        meters.append([serial, "ELECTRIC", model])
        day = date(2014, 1, 1) + timedelta(days=rng.randrange(365 * 8))
        while day.weekday() > 4:
            day += timedelta(days=1)
        at = datetime(day.year, day.month, day.day, rng.randint(8, 15), rng.choice([0, 15, 30, 45]),
                      tzinfo=EDT if edt_on(day) else EST)
        removed = local(EXCHANGE).isoformat() if sp == EXCHANGE_SP else ""
        installs.append([serial, sp, at.isoformat(), removed])
    # The meter exchange: the extra meter takes over SP-0017 at the instant the old one is removed.
    meters.append(["M-10000051", "ELECTRIC", "Itron Centron"])
    installs.append(["M-10000051", EXCHANGE_SP, local(EXCHANGE).isoformat(), ""])
    return accounts, sps, meters, installs


def make_loads(rng, sps, intervals):
    """Wh per interval for every service point that reports: {sp: [wh, ...]} aligned with intervals."""
    weather = {d: 1 + 0.006 * d + rng.gauss(0, 0.08) for d in range(1, 31)}  # colder towards December
    loads = {}
    for sp, *_, tariff in sps:
        commercial = tariff.startswith("COM-")
        target = rng.uniform(3000, 9000) if commercial else rng.uniform(550, 1100)
        shift, peakiness = rng.choice([-1, -0.5, 0, 0.5, 1]), rng.uniform(0.7, 1.3)
        raw = []
        for t in intervals:
            lt = local(t)
            wd = lt.weekday()
            if commercial:
                prof = COM_SUNDAY if wd == 6 else COM_SATURDAY if wd == 5 else COM_WEEKDAY
            else:
                prof = RES_WEEKEND if wd >= 5 else RES_WEEKDAY
            h = lt.hour + lt.minute / 60 + shift
            i, frac = int(h // 1), h % 1
            p = prof[i % 24] * (1 - frac) + prof[(i + 1) % 24] * frac
            p = 0.4 + (p - 0.4) * peakiness
            v = p * weather[lt.day] * max(0.3, rng.gauss(1, 0.15))
            if not commercial and rng.random() < 0.03:  # kettle, dryer, oven...
                v += rng.uniform(0.3, 1.2)
            raw.append(v)
        scale = target * 1000 / sum(raw)
        loads[sp] = [max(5, round(v * scale)) for v in raw]
    return loads


def main():
    rng = random.Random(SEED)
    accounts, sps, meters, installs = make_registry(rng)
    (OUT / "registry").mkdir(exist_ok=True)
    (OUT / "reads").mkdir(exist_ok=True)
    write_csv(OUT / "registry/accounts.csv", ["account_id", "customer_name", "mailing_address", "email"], accounts)
    write_csv(OUT / "registry/service_points.csv", ["service_point_id", "account_id", "service_address",
                                                    "time_zone", "commodity", "tariff_code"], sps)
    write_csv(OUT / "registry/meters.csv", ["meter_serial", "commodity", "model"], meters)
    write_csv(OUT / "registry/installations.csv", ["meter_serial", "service_point_id", "installed_at",
                                                   "removed_at"], installs)

    intervals = []
    t = CYCLE_START
    while t < CYCLE_END:
        intervals.append(t)
        t += timedelta(minutes=15)
    loads = make_loads(rng, [s for s in sps if s[0] != NO_READS_SP], intervals)

    # (meter, utc, wh, tag): tag None for a valid read, else the injected problem it belongs to.
    reads = []
    for sp, wh_list in loads.items():
        for t, wh in zip(intervals, wh_list):
            meter = ("M-10000051" if t >= EXCHANGE else "M-10000017") if sp == EXCHANGE_SP else f"M-{10000000 + int(sp[3:])}"
            reads.append((meter, t, wh, None))
    for k in range(8):  # new meter of SP-0017 on the test bench, 08:00-09:45 EST, before installation
        reads.append(("M-10000051", EXCHANGE - timedelta(hours=2) + k * timedelta(minutes=15),
                      rng.randint(40, 60), "no-installation"))
    day5 = datetime(2025, 11, 5, 5, tzinfo=UTC)  # 2025-11-05T00:00-05:00
    for k in range(96):
        reads.append((UNKNOWN_METER, day5 + k * timedelta(minutes=15), rng.randint(150, 900), "unknown-meter"))

    def row(meter, t, value, unit="kWh"):
        return [meter, local(t).isoformat() if isinstance(t, datetime) else t, "15", "kwh_del", value, unit]

    def at(y_m_d_h_m):  # local wall time in November (EST after the 2nd) -> UTC
        return datetime(*y_m_d_h_m, tzinfo=EST).astimezone(UTC)

    # Malformed extra rows, inserted right after the named meter's valid row for that time.
    malformed = {
        ("M-10000003", at((2025, 11, 3, 7, 0))): ("non-numeric-value", row("M-10000003", at((2025, 11, 3, 7, 0)), "12,5")),
        ("M-10000024", at((2025, 11, 8, 19, 30))): ("missing-field", row("M-10000024", at((2025, 11, 8, 19, 30)), "0.412")[:5]),
        ("M-10000031", at((2025, 11, 12, 12, 0))): ("unknown-unit", row("M-10000031", at((2025, 11, 12, 12, 0)), "1.234", "BTU")),
        ("M-10000009", at((2025, 11, 20, 10, 0))): ("no-utc-offset", row("M-10000009", "2025-11-20T10:00:00", "0.377")),
        ("M-10000046", at((2025, 11, 25, 3, 15))): ("negative-value", row("M-10000046", at((2025, 11, 25, 3, 15)), "-0.120")),
        ("M-10000038", at((2025, 11, 30, 23, 45))): ("impossible-date", row("M-10000038", "2025-11-31T10:00:00-05:00", "0.655")),
    }
    dup_key = ("M-10000012", at((2025, 11, 22, 18, 0)))  # re-sent at the end of the last file

    problems, totals = [], {s[0]: [0, 0] for s in sps}
    serial_to_sp = {m: sp for m, sp, *_ in installs}
    for name, first_day, last_day in READ_FILES:
        in_file = sorted((r for r in reads if first_day <= local(r[1]).day <= last_day and local(r[1]).month == 11),
                         key=lambda r: (r[0], r[1]))
        lines, dup_row = [], None
        for meter, t, wh, tag in in_file:
            lines.append(row(meter, t, wh_text(wh)))
            if tag:
                problems.append((tag, name, len(lines) + 1, meter))
            else:
                totals[serial_to_sp[meter]][0] += wh
                totals[serial_to_sp[meter]][1] += 1
            if (meter, t) == dup_key:
                dup_row = list(lines[-1])
                problems.append(("duplicate-first-stored", name, len(lines) + 1, meter))
            if (meter, t) in malformed:
                tag, bad = malformed[(meter, t)]
                lines.append(bad)
                problems.append((tag, name, len(lines) + 1, meter))
        if dup_row:
            lines.append(dup_row)
            problems.append(("duplicate-rejected", name, len(lines) + 1, dup_row[0]))
        write_csv(OUT / "reads" / name, READ_HEADER, lines)
        print(f"reads/{name}: {len(lines)} data rows")

    write_csv(OUT / "expected-kwh.csv", ["service_point_id", "expected_kwh_delivered", "expected_reads_stored"],
              [[sp, wh_text(wh), n] for sp, (wh, n) in totals.items()])
    runs = []  # consecutive lines of one problem collapse into a range
    for tag, name, line, meter in problems:
        if runs and runs[-1][:2] == [tag, name] and runs[-1][3] == line - 1:
            runs[-1][3] = line
        else:
            runs.append([tag, name, line, line, meter])
    for tag, name, first, last, meter in runs:
        print(f"problem {tag}: reads/{name}:{first}" + (f"-{last}" if last > first else "") + f" meter {meter}")


if __name__ == "__main__":
    main()
