"""Lead scoring: conditions, rules, models, scores that add up and explain themselves."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Sequence
from decimal import Decimal
from typing import Any, cast

import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

from pcf_sales.core import CustomFields, EmailAddress, PersonDetails, Scalar
from pcf_sales.errors import ValidationError
from pcf_sales.leads import (
    LEAD_FIELDS,
    ConditionOperator,
    ContributionKind,
    Engagement,
    EngagementKind,
    EngagementRule,
    FieldCondition,
    FitRule,
    GradeBand,
    Lead,
    LeadChannel,
    LeadScore,
    ScoringModel,
)
from pcf_sales.serialization import from_document, to_document
from pcf_sales.testing import strategies
from pcf_sales.testing.factories import (
    FIXED_INSTANT,
    make_company_details,
    make_engagement,
    make_engagement_rule,
    make_fit_rule,
    make_lead,
    make_lead_source,
    make_person_details,
)

AS_OF = FIXED_INSTANT.add(days=1)
_BANDS = (GradeBand(grade="A", minimum=50), GradeBand(grade="B", minimum=0))


def _lead(**overrides: Any) -> Lead:
    return make_lead(**overrides)


def _with_custom(**values: Scalar) -> Lead:
    return make_lead(custom_fields=CustomFields(values))


def _model(
    fit: Sequence[FitRule] = (),
    engagement: Sequence[EngagementRule] = (),
    **options: Any,
) -> ScoringModel:
    fields: dict[str, Any] = {"name": "test", "grade_bands": _BANDS}
    fields.update(options)
    return ScoringModel(fit_rules=fit, engagement_rules=engagement, **fields)


def _engaged(*ages_in_days: float, kind: EngagementKind = EngagementKind.FORM_SUBMISSION) -> Lead:
    """A lead received at ``AS_OF`` with engagements that old at ``AS_OF``."""
    engagements = [
        make_engagement(kind, at=AS_OF.subtract(seconds=int(age * 86_400)), detail=f"#{index}")
        for index, age in enumerate(ages_in_days)
    ]
    return make_lead(at=AS_OF, engagements=engagements)


def _points(score: LeadScore, rule_id: str) -> Decimal | None:
    found = [c.points for c in score.contributions if c.rule_id == rule_id]
    assert len(found) <= 1
    return found[0] if found else None


# --- FieldCondition: construction and validation ---------------------------------------------


def test_the_named_constructors_build_each_operator() -> None:
    equals = FieldCondition.equals("industry", "software")
    one_of = FieldCondition.one_of("country", ["DE", "AT"])
    in_range = FieldCondition.in_range("employees", minimum=50, maximum="5000")
    present = FieldCondition.present("phone")
    assert (equals.operator, equals.values) == (ConditionOperator.EQUALS, ("software",))
    assert (one_of.operator, one_of.values) == (ConditionOperator.ONE_OF, ("DE", "AT"))
    assert in_range.operator is ConditionOperator.IN_RANGE
    assert (in_range.minimum, in_range.maximum) == (Decimal(50), Decimal(5000))
    assert (present.operator, present.values) == (ConditionOperator.PRESENT, ())


def test_conditions_describe_themselves() -> None:
    assert FieldCondition.equals("industry", "software").describe() == "industry = 'software'"
    assert FieldCondition.one_of("country", ["DE", "AT"]).describe() == "country in ('DE', 'AT')"
    assert FieldCondition.in_range("employees", minimum=50).describe() == "50 <= employees"
    assert FieldCondition.in_range("employees", maximum=9).describe() == "employees <= 9"
    assert FieldCondition.present("phone").describe() == "phone is given"


def test_custom_fields_are_named_with_the_custom_prefix() -> None:
    assert FieldCondition.present("custom.erp_number").field == "custom.erp_number"


@pytest.mark.parametrize("field", ["revenue", "Industry", "custom.", "custom.Bad", "custom"])
def test_an_unknown_field_is_refused(field: str) -> None:
    with pytest.raises(ValidationError) as error:
        FieldCondition.present(field)
    assert error.value.field == "field"


@pytest.mark.parametrize("count", [0, 2])
def test_equals_takes_exactly_one_value(count: int) -> None:
    with pytest.raises(ValidationError) as error:
        FieldCondition(
            field="industry", operator=ConditionOperator.EQUALS, values=("software",) * count
        )
    assert error.value.field == "values"


def test_one_of_needs_at_least_one_value() -> None:
    with pytest.raises(ValidationError) as error:
        FieldCondition.one_of("industry", [])
    assert error.value.field == "values"


@pytest.mark.parametrize("operator", [ConditionOperator.IN_RANGE, ConditionOperator.PRESENT])
def test_in_range_and_present_take_no_values(operator: ConditionOperator) -> None:
    with pytest.raises(ValidationError) as error:
        FieldCondition(field="employees", operator=operator, values=(5,), minimum=Decimal(1))
    assert error.value.field == "values"


def test_in_range_needs_a_bound() -> None:
    with pytest.raises(ValidationError) as error:
        FieldCondition.in_range("employees")
    assert error.value.field == "minimum"


def test_other_operators_take_no_bounds() -> None:
    with pytest.raises(ValidationError) as error:
        FieldCondition(
            field="industry",
            operator=ConditionOperator.EQUALS,
            values=("software",),
            maximum=Decimal(3),
        )
    assert error.value.field == "minimum"


def test_a_minimum_above_the_maximum_is_refused() -> None:
    with pytest.raises(ValidationError) as error:
        FieldCondition.in_range("employees", minimum=500, maximum=50)
    assert error.value.field == "maximum"


def test_equal_bounds_are_allowed() -> None:
    assert FieldCondition.in_range("employees", minimum=50, maximum=50).matches(
        _lead(company=make_company_details(employees=50))
    )


@pytest.mark.parametrize("value", [1.5, None, Decimal(2), ["a"]])
def test_values_are_text_whole_numbers_or_flags(value: object) -> None:
    with pytest.raises(ValidationError) as error:
        FieldCondition.one_of("employees", [1, cast("Any", value)])
    assert error.value.field == "values[1]"


# --- FieldCondition.matches -------------------------------------------------------------------


def test_text_equality_ignores_case_and_surrounding_spaces() -> None:
    lead = _lead(company=make_company_details(industry="Software"))
    assert FieldCondition.equals("industry", " SOFTWARE ").matches(lead)
    assert not FieldCondition.equals("industry", "soft").matches(lead)


def test_one_of_matches_any_listed_text() -> None:
    lead = _lead(company=make_company_details(industry="Retail"))
    assert FieldCondition.one_of("industry", ["software", "retail"]).matches(lead)
    assert not FieldCondition.one_of("industry", ["software", "energy"]).matches(lead)


def test_the_email_is_compared_in_lower_case() -> None:
    lead = _lead(person=make_person_details(email=EmailAddress("Ada.L@Example.com")))
    assert FieldCondition.equals("email", "ada.l@example.com").matches(lead)
    assert FieldCondition.equals("email_domain", "EXAMPLE.COM").matches(lead)


def test_the_country_code_compares_without_regard_to_case() -> None:
    assert FieldCondition.equals("country", "gb").matches(_lead())


def test_the_source_channel_compares_by_its_value() -> None:
    lead = _lead(source=make_lead_source(channel=LeadChannel.REFERRAL))
    assert FieldCondition.one_of("source_channel", ["referral", "partner"]).matches(lead)
    assert not FieldCondition.equals("source_channel", "website").matches(lead)


@pytest.mark.parametrize(
    ("employees", "expected"),
    [(49, False), (50, True), (2_000, True), (5_000, True), (5_001, False)],
)
def test_in_range_includes_both_bounds(employees: int, expected: bool) -> None:
    lead = _lead(company=make_company_details(employees=employees))
    condition = FieldCondition.in_range("employees", minimum=50, maximum=5_000)
    assert condition.matches(lead) is expected


def test_in_range_with_one_bound_is_open_on_the_other_side() -> None:
    big = _lead(company=make_company_details(employees=1_000_000))
    small = _lead(company=make_company_details(employees=0))
    assert FieldCondition.in_range("employees", minimum=50).matches(big)
    assert not FieldCondition.in_range("employees", minimum=50).matches(small)
    assert FieldCondition.in_range("employees", maximum=50).matches(small)


def test_numbers_equal_numbers_but_not_their_text() -> None:
    lead = _lead(company=make_company_details(employees=250))
    assert FieldCondition.equals("employees", 250).matches(lead)
    assert not FieldCondition.equals("employees", "250").matches(lead)


def test_true_matches_a_flag_that_is_true() -> None:
    free = _lead(person=make_person_details(email=EmailAddress("ada@gmail.com")))
    business = _lead()
    assert FieldCondition.equals("free_mail", True).matches(free)
    assert not FieldCondition.equals("free_mail", True).matches(business)
    assert FieldCondition.equals("free_mail", False).matches(business)


def test_true_does_not_equal_one_and_one_does_not_equal_true() -> None:
    flag = _with_custom(vip=True)
    one = _with_custom(vip=1)
    assert not FieldCondition.equals("custom.vip", 1).matches(flag)
    assert not FieldCondition.equals("custom.vip", True).matches(one)
    assert FieldCondition.equals("custom.vip", True).matches(flag)
    assert FieldCondition.equals("custom.vip", 1).matches(one)
    free = _lead(person=make_person_details(email=EmailAddress("ada@gmail.com")))
    assert not FieldCondition.equals("free_mail", 1).matches(free)


def test_a_flag_is_not_a_number_in_range() -> None:
    assert not FieldCondition.in_range("custom.vip", minimum=0, maximum=5).matches(
        _with_custom(vip=True)
    )


def test_custom_numbers_are_compared_as_numbers() -> None:
    lead = _with_custom(rating=3.5, seats=12)
    assert FieldCondition.in_range("custom.rating", minimum=3, maximum=4).matches(lead)
    assert not FieldCondition.in_range("custom.rating", minimum="3.6").matches(lead)
    assert FieldCondition.one_of("custom.seats", [10, 12]).matches(lead)


def test_text_that_looks_like_a_number_is_not_in_range() -> None:
    assert not FieldCondition.in_range("custom.seats", minimum=0).matches(_with_custom(seats="12"))


def test_custom_text_compares_without_regard_to_case() -> None:
    lead = _with_custom(seniority="VP")
    assert FieldCondition.one_of("custom.seniority", ["c_level", "vp"]).matches(lead)


def test_any_one_tag_can_match() -> None:
    lead = _lead(tags=("fair", "vip"))
    assert FieldCondition.equals("tags", "VIP").matches(lead)
    assert FieldCondition.one_of("tags", ["hot", "fair"]).matches(lead)
    assert not FieldCondition.equals("tags", "hot").matches(lead)
    assert FieldCondition.present("tags").matches(lead)


def test_a_lead_without_tags_has_no_tags_present() -> None:
    lead = _lead()
    assert not FieldCondition.present("tags").matches(lead)
    assert not FieldCondition.equals("tags", "vip").matches(lead)


@pytest.mark.parametrize(
    "condition",
    [
        FieldCondition.equals("custom.missing", "x"),
        FieldCondition.one_of("custom.missing", ["x", 1, True]),
        FieldCondition.in_range("custom.missing", minimum=0),
        FieldCondition.present("custom.missing"),
        FieldCondition.present("email"),
        FieldCondition.equals("email_domain", "example.com"),
        FieldCondition.equals("free_mail", False),
        FieldCondition.in_range("employees", minimum=0),
        FieldCondition.present("owner"),
        FieldCondition.present("campaign_id"),
    ],
    ids=lambda c: c.describe(),
)
def test_a_missing_value_meets_no_condition(condition: FieldCondition) -> None:
    bare = make_lead(
        person=PersonDetails(last_name="Okafor"),
        company=make_company_details(employees=None),
        source=make_lead_source(campaign_id=None),
    )
    assert not condition.matches(bare)


def test_an_empty_custom_text_is_not_present_but_false_and_zero_are() -> None:
    assert not FieldCondition.present("custom.note").matches(_with_custom(note=""))
    assert FieldCondition.present("custom.flag").matches(_with_custom(flag=False))
    assert FieldCondition.present("custom.count").matches(_with_custom(count=0))


def test_in_range_on_a_text_field_meets_nothing_and_never_raises() -> None:
    assert not FieldCondition.in_range("industry", minimum=0).matches(_lead())


@given(st.from_type(FieldCondition), st.from_type(Lead))
def test_matches_always_answers_true_or_false(condition: FieldCondition, lead: Lead) -> None:
    assert condition.matches(lead) in (True, False)


def test_every_listed_lead_field_can_be_named() -> None:
    lead = _lead()
    for field in LEAD_FIELDS:
        assert FieldCondition.present(field).matches(lead) in (True, False)


# --- rules and models: validation --------------------------------------------------------------


@pytest.mark.parametrize("rule_id", ["", "Fit", "has space", "-lead", "x" * 65])
def test_a_rule_id_must_be_lower_case_letters_digits_and_separators(rule_id: str) -> None:
    with pytest.raises(ValidationError) as error:
        make_fit_rule(id=rule_id)
    assert error.value.field == "id"


def test_rule_points_are_bounded() -> None:
    with pytest.raises(ValidationError) as error:
        make_fit_rule(points=Decimal(1001))
    assert error.value.field == "points"


@pytest.mark.parametrize(
    ("field", "value"),
    [("half_life_days", 0), ("lookback_days", 0), ("max_points", -1), ("points", -1001)],
)
def test_engagement_rule_settings_are_validated(field: str, value: int) -> None:
    with pytest.raises(ValidationError) as error:
        make_engagement_rule(**{field: value})
    assert error.value.field == field


def test_a_model_with_a_rule_id_used_twice_is_refused() -> None:
    with pytest.raises(ValidationError) as error:
        _model(fit=[make_fit_rule(), make_fit_rule(label="Again")])
    assert error.value.field == "fit_rules[1].id"


def test_a_model_with_an_engagement_rule_id_used_twice_is_refused() -> None:
    with pytest.raises(ValidationError) as error:
        _model(engagement=[make_engagement_rule(), make_engagement_rule(points=3)])
    assert error.value.field == "engagement_rules[1].id"


def test_a_model_with_a_fit_and_an_engagement_rule_sharing_an_id_is_refused() -> None:
    with pytest.raises(ValidationError) as error:
        _model(fit=[make_fit_rule(id="shared")], engagement=[make_engagement_rule(id="shared")])
    assert error.value.field == "engagement_rules"


@pytest.mark.parametrize(
    "bands",
    [
        (GradeBand(grade="B", minimum=0), GradeBand(grade="A", minimum=50)),
        (GradeBand(grade="A", minimum=50), GradeBand(grade="B", minimum=50)),
        (GradeBand(grade="A", minimum=50), GradeBand(grade="A", minimum=0)),
        (),
    ],
    ids=["ascending", "same-minimum", "same-grade", "none"],
)
def test_grade_bands_go_from_highest_to_lowest_each_once(bands: tuple[GradeBand, ...]) -> None:
    with pytest.raises(ValidationError) as error:
        _model(grade_bands=bands)
    assert error.value.field == "grade_bands"


def test_the_lowest_band_may_not_start_above_the_floor() -> None:
    with pytest.raises(ValidationError) as error:
        _model(grade_bands=(GradeBand(grade="A", minimum=10),), floor=0)
    assert error.value.field == "grade_bands"
    assert "floor" in error.value.reason


def test_the_ceiling_may_not_be_below_the_floor() -> None:
    with pytest.raises(ValidationError) as error:
        _model(floor=0, ceiling=-1)
    assert error.value.field == "ceiling"


@pytest.mark.parametrize("cap", ["fit_cap", "engagement_cap"])
def test_caps_are_not_negative(cap: str) -> None:
    options: dict[str, Any] = {cap: -1}
    with pytest.raises(ValidationError) as error:
        _model(**options)
    assert error.value.field == cap


def test_the_default_model_is_valid_and_on_a_0_to_100_scale() -> None:
    model = ScoringModel.default()
    assert (model.floor, model.ceiling) == (Decimal(0), Decimal(100))
    assert [b.grade for b in model.grade_bands] == ["A", "B", "C", "D"]
    assert from_document(to_document(model)) == model


# --- score() -------------------------------------------------------------------------------------


def test_the_default_model_scores_the_default_lead_on_fit_alone() -> None:
    score = ScoringModel.default().score(_lead(), as_of=AS_OF)
    assert score.total == Decimal(25)
    assert score.fit_points == Decimal(25)
    assert score.engagement_points == Decimal(0)
    assert score.grade == "C"
    assert [c.rule_id for c in score.contributions] == [
        "fit.company_size",
        "fit.core_industry",
        "fit.phone",
    ]
    assert all(c.kind is ContributionKind.FIT for c in score.contributions)
    assert score.lead_id == "lead-1"
    assert score.model == "default"
    assert score.as_of == AS_OF


def test_negative_fit_rules_take_points_away() -> None:
    lead = _lead(person=make_person_details(email=EmailAddress("ada@gmail.com")))
    score = ScoringModel.default().score(lead, as_of=AS_OF)
    assert _points(score, "fit.free_mail") == Decimal(-10)
    assert score.total == Decimal(15)


def test_an_engagement_as_old_as_the_half_life_earns_half_its_points() -> None:
    model = _model(engagement=[make_engagement_rule(points=10, half_life_days=30)])
    score = model.score(_engaged(30), as_of=AS_OF)
    assert _points(score, "eng.form") == Decimal("5.00")
    assert score.engagement_points == Decimal("5.00")


def test_an_engagement_two_half_lives_old_earns_a_quarter() -> None:
    model = _model(engagement=[make_engagement_rule(points=10, half_life_days=30)])
    assert _points(model.score(_engaged(60), as_of=AS_OF), "eng.form") == Decimal("2.50")


def test_a_fresh_engagement_earns_full_points_and_the_detail_says_how_many() -> None:
    model = _model(engagement=[make_engagement_rule(points=10, half_life_days=30)])
    score = model.score(_engaged(0, 0), as_of=AS_OF)
    assert _points(score, "eng.form") == Decimal("20.00")
    (part,) = score.contributions
    assert part.kind is ContributionKind.ENGAGEMENT
    assert part.detail.startswith("2 x 10")
    assert "30-day half-life" in part.detail


def test_without_a_half_life_engagement_points_never_fade() -> None:
    model = _model(engagement=[make_engagement_rule(points=4, half_life_days=None)])
    assert _points(model.score(_engaged(400), as_of=AS_OF), "eng.form") == Decimal("4.00")


def test_engagements_older_than_the_lookback_earn_nothing() -> None:
    rule = make_engagement_rule(points=10, half_life_days=None, lookback_days=90)
    model = _model(engagement=[rule])
    assert _points(model.score(_engaged(90), as_of=AS_OF), "eng.form") == Decimal("10.00")
    assert _points(model.score(_engaged(91), as_of=AS_OF), "eng.form") is None
    assert _points(model.score(_engaged(91, 10), as_of=AS_OF), "eng.form") == Decimal("10.00")


def test_engagements_of_other_kinds_do_not_count() -> None:
    model = _model(engagement=[make_engagement_rule()])
    score = model.score(_engaged(1, kind=EngagementKind.EMAIL_OPEN), as_of=AS_OF)
    assert score.contributions == ()
    assert score.total == Decimal(0)


def test_a_rule_earns_at_most_its_max_points() -> None:
    rule = make_engagement_rule(points=15, half_life_days=None, max_points=30)
    score = _model(engagement=[rule]).score(_engaged(1, 2, 3, 4, 5), as_of=AS_OF)
    assert _points(score, "eng.form") == Decimal(30)
    assert "capped at 30" in score.contributions[0].detail


def test_a_negative_engagement_rule_is_capped_in_magnitude() -> None:
    rule = make_engagement_rule(id="eng.unsub", points=-5, half_life_days=None, max_points=8)
    model = _model(engagement=[rule], floor=-100, grade_bands=(GradeBand(grade="Z", minimum=-100),))
    assert _points(model.score(_engaged(1, 2), as_of=AS_OF), "eng.unsub") == Decimal(-8)


def test_engagements_after_as_of_are_ignored() -> None:
    model = _model(engagement=[make_engagement_rule(points=10, half_life_days=None)])
    lead = make_lead(at=AS_OF, engagements=[make_engagement(at=AS_OF)])
    assert model.score(lead, as_of=AS_OF).total == Decimal(10)
    assert model.score(lead, as_of=AS_OF.subtract(seconds=1)).total == Decimal(0)
    assert model.score(lead, as_of=AS_OF.subtract(seconds=1)).contributions == ()


def test_the_fit_cap_appears_as_a_cap_contribution() -> None:
    fit = [
        make_fit_rule(id="fit.a", points=40),
        make_fit_rule(id="fit.b", points=20, condition=FieldCondition.present("phone")),
    ]
    score = _model(fit=fit, fit_cap=50).score(_lead(), as_of=AS_OF)
    assert _points(score, "cap.fit") == Decimal(-10)
    assert score.fit_points == Decimal(50)
    assert score.total == Decimal(50)
    cap = score.contributions[-1]
    assert cap.kind is ContributionKind.CAP
    assert cap.detail == "60 limited to 50"


def test_the_engagement_cap_appears_as_a_cap_contribution() -> None:
    rule = make_engagement_rule(points=15, half_life_days=None)
    score = _model(engagement=[rule], engagement_cap=20).score(_engaged(1, 2), as_of=AS_OF)
    assert _points(score, "eng.form") == Decimal(30)
    assert _points(score, "cap.engagement") == Decimal(-10)
    assert score.engagement_points == Decimal(20)
    assert score.total == Decimal(20)


def test_a_negative_fit_total_beyond_the_cap_is_capped_too() -> None:
    rule = make_fit_rule(points=-80)
    model = _model(
        fit=[rule], fit_cap=50, floor=-100, grade_bands=(GradeBand(grade="Z", minimum=-100),)
    )
    score = model.score(_lead(), as_of=AS_OF)
    assert _points(score, "cap.fit") == Decimal(30)
    assert score.total == Decimal(-50)


def test_the_floor_lifts_a_negative_total_with_a_cap_contribution() -> None:
    score = _model(fit=[make_fit_rule(points=-25)], floor=0).score(_lead(), as_of=AS_OF)
    assert _points(score, "cap.total") == Decimal(25)
    assert score.total == Decimal(0)
    assert score.fit_points == Decimal(-25)
    assert score.grade == "B"


def test_the_ceiling_holds_the_total_down_with_a_cap_contribution() -> None:
    score = _model(fit=[make_fit_rule(points=120)], ceiling=100).score(_lead(), as_of=AS_OF)
    assert _points(score, "cap.total") == Decimal(-20)
    assert score.total == Decimal(100)
    assert score.grade == "A"
    assert score.contributions[-1].detail == "held between 0 and 100"


def test_no_cap_contribution_appears_when_nothing_is_capped() -> None:
    score = _model(fit=[make_fit_rule()], fit_cap=50, ceiling=100).score(_lead(), as_of=AS_OF)
    assert all(c.kind is not ContributionKind.CAP for c in score.contributions)


@pytest.mark.parametrize(
    ("points", "grade"),
    [
        ("100", "A"),
        ("75", "A"),
        ("74.99", "B"),
        ("50", "B"),
        ("25", "C"),
        ("24.99", "D"),
        ("0", "D"),
    ],
)
def test_the_grade_is_the_first_band_the_total_reaches(points: str, grade: str) -> None:
    model = ScoringModel.default()
    assert model.grade_for(Decimal(points)) == grade
    single = _model(fit=[make_fit_rule(points=Decimal(points))], grade_bands=model.grade_bands)
    assert single.score(_lead(), as_of=AS_OF).grade == grade


def test_scoring_refuses_a_naive_as_of() -> None:
    naive = _dt.datetime(2026, 3, 3, 9, 0)  # noqa: DTZ001 - the point of the test
    with pytest.raises(ValidationError) as error:
        ScoringModel.default().score(_lead(), as_of=cast("Any", naive))
    assert error.value.field == "as_of"


def test_scoring_refuses_something_that_is_not_a_lead() -> None:
    with pytest.raises(ValidationError) as error:
        ScoringModel.default().score(cast("Any", {"id": "lead-1"}), as_of=AS_OF)
    assert error.value.field == "lead"


def test_the_explanation_lists_the_total_grade_and_every_part() -> None:
    lead = _lead(person=make_person_details(email=EmailAddress("ada@gmail.com")))
    text = ScoringModel.default().score(lead, as_of=AS_OF).explain()
    lines = text.splitlines()
    assert lines[0].startswith("15 points, grade D (default, as of ")
    assert "  +10 Company of 50-5000 people [fit.company_size]: 50 <= employees <= 5000" in lines
    assert "  -10 Free-mail address [fit.free_mail]: free_mail = True" in lines


def test_a_score_whose_parts_do_not_add_up_is_refused() -> None:
    score = ScoringModel.default().score(_lead(), as_of=AS_OF)
    with pytest.raises(ValidationError) as error:
        LeadScore(
            lead_id=score.lead_id,
            model=score.model,
            as_of=score.as_of,
            total=score.total + 1,
            grade=score.grade,
            fit_points=score.fit_points,
            engagement_points=score.engagement_points,
            contributions=score.contributions,
        )
    assert error.value.field == "total"


# --- properties ----------------------------------------------------------------------------------


def _bounded_days() -> st.SearchStrategy[int]:
    return st.integers(min_value=0, max_value=400)


@given(st.from_type(Lead), strategies.scoring_models(), _bounded_days())
def test_the_contributions_add_up_to_the_total_within_floor_and_ceiling(
    lead: Lead, model: ScoringModel, days: int
) -> None:
    score = model.score(lead, as_of=lead.updated_at.add(days=days))
    assert sum((c.points for c in score.contributions), Decimal(0)) == score.total
    caps = sum((c.points for c in score.contributions if c.rule_id == "cap.total"), Decimal(0))
    assert score.fit_points + score.engagement_points + caps == score.total
    assert score.total >= model.floor
    if model.ceiling is not None:
        assert score.total <= model.ceiling
    if model.fit_cap is not None:
        assert abs(score.fit_points) <= model.fit_cap
    if model.engagement_cap is not None:
        assert abs(score.engagement_points) <= model.engagement_cap


@given(st.from_type(Lead), strategies.scoring_models(), _bounded_days())
def test_the_grade_is_the_first_band_the_total_reaches_for_any_model(
    lead: Lead, model: ScoringModel, days: int
) -> None:
    score = model.score(lead, as_of=lead.updated_at.add(days=days))
    reached = [band.grade for band in model.grade_bands if score.total >= band.minimum]
    assert reached
    assert score.grade == reached[0]


@given(st.from_type(Lead), strategies.scoring_models(), _bounded_days())
def test_scoring_twice_gives_equal_scores(lead: Lead, model: ScoringModel, days: int) -> None:
    as_of = lead.updated_at.add(days=days)
    first = model.score(lead, as_of=as_of)
    assert model.score(lead, as_of=as_of) == first
    assert from_document(to_document(first)) == first


@given(
    st.from_type(Lead),
    strategies.scoring_models(),
    _bounded_days(),
    st.integers(min_value=0, max_value=60 * 24 * 400),
)
def test_engagement_points_only_fade_as_time_passes(
    lead: Lead, model: ScoringModel, days: int, later_minutes: int
) -> None:
    earlier = lead.updated_at.add(days=days)
    later = earlier.add(minutes=later_minutes)
    before = model.score(lead, as_of=earlier)
    after = model.score(lead, as_of=later)
    for rule in model.engagement_rules:
        then = _points(before, rule.id) or Decimal(0)
        now = _points(after, rule.id) or Decimal(0)
        if rule.points >= 0:
            assert Decimal(0) <= now <= then
        else:
            assert then <= now <= Decimal(0)
    assert [c for c in after.contributions if c.kind is ContributionKind.FIT] == [
        c for c in before.contributions if c.kind is ContributionKind.FIT
    ]


@given(st.from_type(Lead), strategies.scoring_models(), _bounded_days())
def test_the_explanation_mentions_every_rule_that_fired(
    lead: Lead, model: ScoringModel, days: int
) -> None:
    score = model.score(lead, as_of=lead.updated_at.add(days=days))
    text = score.explain()
    for part in score.contributions:
        assert f"[{part.rule_id}]" in text
    fired = {c.rule_id for c in score.contributions if c.kind is ContributionKind.FIT}
    assert fired == {r.id for r in model.fit_rules if r.condition.matches(lead)}
    assert len(text.splitlines()) == len(score.contributions) + 1


@given(st.from_type(Lead), st.integers(min_value=1, max_value=400))
def test_engagements_recorded_after_as_of_do_not_change_the_score(lead: Lead, days: int) -> None:
    model = ScoringModel.default()
    as_of = lead.updated_at
    later = lead.updated_at.add(days=days)
    extra = Engagement(kind=EngagementKind.FORM_SUBMISSION, at=later, detail="after as_of")
    if "record_engagement" not in lead.allowed_commands():
        return
    grown = lead.record_engagement(extra, at=later, by=lead.history[-1].by)
    assert extra in grown.engagements
    assert model.score(grown, as_of=as_of).total == model.score(lead, as_of=as_of).total


def test_the_as_of_instant_may_be_given_in_any_offset() -> None:
    model = _model(engagement=[make_engagement_rule(points=10, half_life_days=30)])
    lead = _engaged(30)
    in_berlin = pendulum.instance(AS_OF).in_timezone("Europe/Berlin")
    assert model.score(lead, as_of=in_berlin).total == model.score(lead, as_of=AS_OF).total
