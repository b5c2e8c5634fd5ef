import pytest
from hypothesis import given
from hypothesis import strategies as st

from carecoord.domain.errors import ValidationError
from carecoord.domain.nhs_number import NhsNumber, check_digit, format_nhs, is_valid

nine_digits = st.text(alphabet="0123456789", min_size=9, max_size=9)


def test_known_valid_number_formats_with_spaces():
    assert NhsNumber.parse("9434765919").formatted == "943 476 5919"
    assert NhsNumber.parse(" 943-476-5919 ").digits == "9434765919"


@pytest.mark.parametrize("text", ["9434765918", "943476591", "94347659190", "943476591a", "",
                                  "   ", "４３４７６５９１９"])
def test_invalid_numbers_are_refused_with_a_message(text):
    with pytest.raises(ValidationError) as err:
        NhsNumber.parse(text)
    assert str(err.value)
    assert err.value.field == "nhs_number"


@given(nine_digits)
def test_a_computed_check_digit_always_validates(first_nine):
    digit = check_digit(first_nine)
    if digit is None:
        # No tenth digit can complete these nine: every candidate must be refused.
        assert not any(is_valid(first_nine + str(d)) for d in range(10))
    else:
        assert is_valid(first_nine + str(digit))


@given(nine_digits, st.integers(0, 9))
def test_exactly_one_final_digit_is_valid(first_nine, last):
    valid = [d for d in range(10) if is_valid(first_nine + str(d))]
    assert len(valid) <= 1
    assert is_valid(first_nine + str(last)) == (valid == [last])


@given(nine_digits, st.integers(0, 8), st.integers(1, 9))
def test_a_single_digit_typo_is_caught(first_nine, position, bump):
    digit = check_digit(first_nine)
    if digit is None:
        return
    good = first_nine + str(digit)
    typo = good[:position] + str((int(good[position]) + bump) % 10) + good[position + 1:]
    assert not is_valid(typo)


@given(st.text(max_size=30))
def test_parse_never_raises_anything_but_validation_error(text):
    try:
        NhsNumber.parse(text)
    except ValidationError:
        pass


@given(nine_digits)
def test_format_round_trips(first_nine):
    digit = check_digit(first_nine)
    if digit is None:
        return
    n = NhsNumber(first_nine + str(digit))
    assert NhsNumber.parse(n.formatted) == n
    assert format_nhs(n.digits) == n.formatted
