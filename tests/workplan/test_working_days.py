from datetime import date

import pytest

from network.workplan.meetings.working_days import (
    clear_days_deadline,
    clear_working_days_between,
    is_working_day,
)


def test_bank_holidays_and_weekends_are_not_working_days():
    assert not is_working_day(date(2026, 12, 25))  # Christmas Day
    assert not is_working_day(date(2026, 12, 28))  # Boxing Day substitute (26th is a Saturday)
    assert not is_working_day(date(2026, 8, 31))  # summer bank holiday (England, not Scotland)
    assert not is_working_day(date(2026, 11, 28))  # Saturday
    assert is_working_day(date(2026, 11, 30))


@pytest.mark.parametrize("meeting, days, deadline", [
    (date(2026, 11, 30), 5, date(2026, 11, 20)),  # Monday meeting: publish the Friday before last
    (date(2026, 11, 30), 10, date(2026, 11, 13)),
    (date(2027, 1, 6), 5, date(2026, 12, 24)),  # over Christmas and New Year
    (date(2026, 4, 7), 5, date(2026, 3, 26)),  # Easter: Good Friday 3rd, Easter Monday 6th April
    (date(2026, 11, 30), 0, date(2026, 11, 27)),
])
def test_clear_day_deadlines(meeting, days, deadline):
    assert clear_days_deadline(meeting, days) == deadline
    assert clear_working_days_between(deadline, meeting) == days
    assert is_working_day(deadline)


def test_negative_clear_days_are_refused():
    with pytest.raises(ValueError):
        clear_days_deadline(date(2026, 11, 30), -1)
