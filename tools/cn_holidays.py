"""China's public holidays and make-up working days (调休) of one year, from
the ``holidays`` library (PyPI), without the ORM.

Each year the General Office of the State Council publishes, around November,
the next year's arrangement: which days are off (the statutory holidays, the
days off moved next to them) and which weekend days are worked instead (调休).
The library carries that arrangement for every year it knows as dated
exceptions ("special" holidays); for a year whose notice it does not have yet
it would only extrapolate the statutory dates, which is not what companies
follow. A year is therefore *published* when the library has the State
Council's arrangement for it, and only published years are imported.
"""

import logging
from collections import namedtuple

_logger = logging.getLogger(__name__)

try:
    import holidays
except ImportError:  # declared in the manifest's external_dependencies
    holidays = None
    _logger.debug("The Python library holidays is not installed.")

#: The names of the days off, as China's calendar prints them.
LANGUAGE = "zh_CN"

ChinaYear = namedtuple("ChinaYear", ["year", "days_off", "workdays"])
ChinaYear.__doc__ = """One year of China's working calendar.

``days_off``: ``[(date, name)]`` by date, every public holiday and every day
off of the arrangement that falls on a weekday or a weekend (e.g. 国庆节,
国庆节（补假）, 休息日（由 2022-10-08 调休）); ``workdays``: ``[date]``, the
weekend days worked instead (调休上班), by date."""


def library_version():
    """The installed version of the holidays library, or None."""
    return getattr(holidays, "__version__", None) if holidays else None


def _china(year):
    return holidays.country_holidays("CN", years=year, language=LANGUAGE)


def is_published(year):
    """Whether the installed library has the State Council's arrangement of
    ``year`` (and not only the statutory dates it would extrapolate)."""
    if holidays is None:
        return False
    calendar = _china(year)
    return bool(getattr(calendar, "special_public_holidays", {}).get(year))


def china_year(year):
    """The days off and make-up working days of ``year`` (a ``ChinaYear``), or
    None when the library does not have that year's arrangement."""
    if not is_published(year):
        return None
    calendar = _china(year)
    days_off = sorted((day, name) for day, name in calendar.items() if day.year == year)
    # The library keeps the worked weekend days of every year it knows; a year
    # owns those dated in it (the arrangement for New Year's Day has sometimes
    # moved a day off into the previous December, the last time for 2012).
    workdays = sorted(day for day in calendar.weekend_workdays if day.year == year)
    return ChinaYear(year, days_off, workdays)
