"""Qualification frameworks: BANT by default, evaluation, explanations and validation."""

from __future__ import annotations

from typing import Any, cast

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pcf_sales.errors import ValidationError
from pcf_sales.leads import (
    CriterionAnswer,
    QualificationCriterion,
    QualificationFramework,
    QualificationResult,
)
from pcf_sales.serialization import from_document, to_document
from pcf_sales.testing import strategies
from pcf_sales.testing.factories import bant_answers, make_qualification_criterion


def _answers(**met: bool) -> list[CriterionAnswer]:
    return [CriterionAnswer(key=key, met=value) for key, value in met.items()]


def _meddic() -> QualificationFramework:
    """Two required criteria and three optional ones, two of which must hold."""
    return QualificationFramework(
        name="MEDDIC-lite",
        criteria=[
            QualificationCriterion(key="pain", label="Identified pain"),
            QualificationCriterion(key="champion", label="Champion"),
            QualificationCriterion(key="metrics", label="Metrics", required=False),
            QualificationCriterion(key="process", label="Decision process", required=False),
            QualificationCriterion(key="criteria", label="Decision criteria", required=False),
        ],
        optional_needed=2,
    )


# --- BANT -----------------------------------------------------------------------------------


def test_bant_requires_budget_authority_and_need_and_leaves_timeline_optional() -> None:
    bant = QualificationFramework.bant()
    assert bant.name == "BANT"
    assert bant.keys == ("budget", "authority", "need", "timeline")
    assert [c.required for c in bant.criteria] == [True, True, True, False]
    assert bant.optional_needed == 0
    assert all(c.question for c in bant.criteria)


def test_bant_is_the_same_value_every_time() -> None:
    assert QualificationFramework.bant() == QualificationFramework.bant()


def test_bant_with_every_criterion_met_qualifies() -> None:
    result = QualificationFramework.bant().evaluate(bant_answers())
    assert result.is_qualified
    assert result.met == ("budget", "authority", "need", "timeline")
    assert result.missing_required == ()
    assert result.missing_optional == ()
    assert result.optional_met == 1


def test_bant_qualifies_without_a_timeline() -> None:
    result = QualificationFramework.bant().evaluate(
        _answers(need=True, budget=True, authority=True)
    )
    assert result.is_qualified
    assert result.met == ("budget", "authority", "need")
    assert result.missing_optional == ("timeline",)
    assert result.optional_met == 0


def test_an_unanswered_required_criterion_counts_as_not_met() -> None:
    result = QualificationFramework.bant().evaluate(_answers(budget=True, need=True))
    assert not result.is_qualified
    assert result.missing_required == ("authority",)


def test_a_required_criterion_answered_not_met_is_missing() -> None:
    result = QualificationFramework.bant().evaluate(
        _answers(budget=False, authority=True, need=True, timeline=True)
    )
    assert not result.is_qualified
    assert result.missing_required == ("budget",)
    assert result.met == ("authority", "need", "timeline")


def test_no_answers_at_all_miss_every_required_criterion() -> None:
    result = QualificationFramework.bant().evaluate([])
    assert not result.is_qualified
    assert result.met == ()
    assert result.missing_required == ("budget", "authority", "need")
    assert result.answers == ()


def test_answers_are_kept_in_the_framework_s_order() -> None:
    given_answers = _answers(timeline=False, need=True, budget=True)
    result = QualificationFramework.bant().evaluate(given_answers)
    assert [a.key for a in result.answers] == ["budget", "need", "timeline"]
    assert set(result.answers) == set(given_answers)


def test_the_evidence_given_is_kept_with_the_answer() -> None:
    answer = CriterionAnswer(key="need", met=False, evidence="  happy with current tool ")
    result = QualificationFramework.bant().evaluate([answer])
    assert result.answers[0].evidence == "happy with current tool"


# --- refused answers --------------------------------------------------------------------------


def test_an_answer_to_an_unknown_criterion_is_refused_naming_it() -> None:
    bant = QualificationFramework.bant()
    with pytest.raises(ValidationError) as error:
        bant.evaluate(_answers(budget=True, champion=True))
    assert error.value.field == "answers[1].key"
    assert "champion" in error.value.reason
    assert "budget, authority, need, timeline" in error.value.reason
    assert bant == QualificationFramework.bant()


def test_a_criterion_answered_twice_is_refused_naming_the_second_answer() -> None:
    with pytest.raises(ValidationError) as error:
        QualificationFramework.bant().evaluate(
            [
                CriterionAnswer(key="budget", met=True),
                CriterionAnswer(key="need", met=True),
                CriterionAnswer(key="budget", met=False),
            ]
        )
    assert error.value.field == "answers[2].key"
    assert "twice" in error.value.reason


def test_something_that_is_not_an_answer_is_refused() -> None:
    with pytest.raises(ValidationError) as error:
        QualificationFramework.bant().evaluate(cast("Any", [("budget", True)]))
    assert error.value.field == "answers[0]"


@pytest.mark.parametrize("key", ["Budget", "1st", "has space", "", "x" * 41])
def test_an_answer_key_that_is_not_snake_case_is_refused(key: str) -> None:
    with pytest.raises(ValidationError) as error:
        CriterionAnswer(key=key, met=True)
    assert error.value.field == "key"


def test_an_answer_must_say_met_with_true_or_false() -> None:
    with pytest.raises(ValidationError) as error:
        CriterionAnswer(key="budget", met=cast("Any", 1))
    assert error.value.field == "met"


# --- custom frameworks ------------------------------------------------------------------------


def test_a_custom_framework_needs_its_optional_criteria_met() -> None:
    framework = _meddic()
    one_optional = framework.evaluate(_answers(pain=True, champion=True, metrics=True))
    assert not one_optional.is_qualified
    assert one_optional.missing_required == ()
    assert one_optional.optional_met == 1
    assert one_optional.optional_needed == 2
    assert one_optional.missing_optional == ("process", "criteria")


def test_a_custom_framework_qualifies_once_enough_optional_criteria_hold() -> None:
    result = _meddic().evaluate(_answers(pain=True, champion=True, metrics=True, criteria=True))
    assert result.is_qualified
    assert result.optional_met == 2
    assert result.missing_optional == ("process",)
    assert result.framework == "MEDDIC-lite"


def test_optional_criteria_cannot_make_up_for_a_missing_required_one() -> None:
    result = _meddic().evaluate(_answers(pain=True, metrics=True, process=True, criteria=True))
    assert not result.is_qualified
    assert result.missing_required == ("champion",)
    assert result.optional_met == 3


def test_a_framework_of_only_optional_criteria_with_none_needed_qualifies_anything() -> None:
    framework = QualificationFramework(
        name="Light",
        criteria=[QualificationCriterion(key="interest", label="Interest", required=False)],
    )
    assert framework.evaluate([]).is_qualified


# --- explain() ---------------------------------------------------------------------------------


def test_explain_says_qualified_and_lists_what_was_met() -> None:
    result = QualificationFramework.bant().evaluate(bant_answers())
    assert result.explain() == "BANT: qualified (budget, authority, need, timeline met)"


def test_explain_lists_the_required_criteria_not_met() -> None:
    result = QualificationFramework.bant().evaluate(_answers(budget=True))
    assert result.explain() == "BANT: not qualified; required not met: authority, need"


def test_explain_counts_the_optional_criteria_still_open() -> None:
    result = _meddic().evaluate(_answers(champion=True, metrics=True))
    assert result.explain() == (
        "MEDDIC-lite: not qualified; required not met: pain; "
        "1 of 2 optional criteria met (open: process, criteria)"
    )


def test_explain_of_a_framework_met_without_any_criterion_says_so() -> None:
    framework = QualificationFramework(
        name="Light",
        criteria=[QualificationCriterion(key="interest", label="Interest", required=False)],
    )
    assert framework.evaluate([]).explain() == "Light: qualified (no criteria met)"


# --- framework validation -------------------------------------------------------------------


def test_a_framework_without_criteria_is_refused() -> None:
    with pytest.raises(ValidationError) as error:
        QualificationFramework(name="Empty", criteria=[])
    assert error.value.field == "criteria"


def test_a_framework_declaring_a_key_twice_is_refused_naming_the_second() -> None:
    with pytest.raises(ValidationError) as error:
        QualificationFramework(
            name="Twice",
            criteria=[
                make_qualification_criterion(),
                make_qualification_criterion(key="need", label="Need"),
                make_qualification_criterion(label="Budget again"),
            ],
        )
    assert error.value.field == "criteria[2].key"


def test_a_framework_asking_for_more_optional_criteria_than_it_declares_is_refused() -> None:
    with pytest.raises(ValidationError) as error:
        QualificationFramework(
            name="Greedy",
            criteria=[
                make_qualification_criterion(),
                make_qualification_criterion(key="timeline", label="Timeline", required=False),
            ],
            optional_needed=2,
        )
    assert error.value.field == "optional_needed"
    assert "2" in error.value.reason


def test_a_negative_optional_needed_is_refused() -> None:
    with pytest.raises(ValidationError) as error:
        QualificationFramework(
            name="Negative", criteria=[make_qualification_criterion()], optional_needed=-1
        )
    assert error.value.field == "optional_needed"


def test_a_framework_without_a_name_is_refused() -> None:
    with pytest.raises(ValidationError) as error:
        QualificationFramework(name="  ", criteria=[make_qualification_criterion()])
    assert error.value.field == "name"


def test_a_criterion_with_something_other_than_a_criterion_is_refused() -> None:
    with pytest.raises(ValidationError) as error:
        QualificationFramework(name="Odd", criteria=cast("Any", ["budget"]))
    assert error.value.field == "criteria[0]"


def test_a_criterion_needs_a_label() -> None:
    with pytest.raises(ValidationError) as error:
        QualificationCriterion(key="budget", label="")
    assert error.value.field == "label"


# --- properties --------------------------------------------------------------------------------


@given(st.data())
def test_evaluation_partitions_the_criteria(data: st.DataObject) -> None:
    framework = data.draw(strategies.qualification_frameworks())
    answers = data.draw(strategies.criterion_answers(framework))
    result = framework.evaluate(answers)
    required = [c.key for c in framework.criteria if c.required]
    optional = [c.key for c in framework.criteria if not c.required]
    met_keys = {a.key for a in answers if a.met}
    assert result.met == tuple(k for k in framework.keys if k in met_keys)
    assert result.missing_required == tuple(k for k in required if k not in met_keys)
    assert result.missing_optional == tuple(k for k in optional if k not in met_keys)
    assert result.optional_met == len(optional) - len(result.missing_optional)
    assert result.is_qualified == (
        not result.missing_required and result.optional_met >= framework.optional_needed
    )
    prefix = f"{framework.name}: "
    assert result.explain().startswith(prefix)
    verdict = result.explain()[len(prefix) :]
    assert verdict.startswith("qualified" if result.is_qualified else "not qualified")


@given(st.data())
def test_the_order_of_the_answers_does_not_change_the_result(data: st.DataObject) -> None:
    framework = data.draw(strategies.qualification_frameworks())
    answers = data.draw(strategies.criterion_answers(framework))
    shuffled = data.draw(st.permutations(answers))
    assert framework.evaluate(shuffled) == framework.evaluate(answers)


@given(st.from_type(QualificationResult))
def test_qualification_results_round_trip_through_a_document(result: QualificationResult) -> None:
    assert from_document(to_document(result)) == result


@given(st.from_type(QualificationFramework))
def test_frameworks_round_trip_through_a_document(framework: QualificationFramework) -> None:
    assert from_document(to_document(framework)) == framework
