"""The 我家能享受什么 tab: the household form as a conversation with a clerk (chat/household_form.py):
it shows only the questions that can still change the result, and the result opens with a summary
(what is overdue or due next, what the household gets), then the cards with why and basis. Nothing is
stored: the form values only live in the request."""

from __future__ import annotations

from typing import Any

from chat.household_form import (
    MEMBER_SLOTS,
    NO,
    UNKNOWN,
    YES,
    FormError,
    build_form_profile,
    build_profile,
    evaluate,
    flow,
    household_fields,
    member_fields,
    relevant_questions,
    shown_fields,
    slot_name,
)
from chat.render import esc
from chat.texts import joined, msg, text_date

__all__ = [
    "MEMBER_SLOTS",
    "NO",
    "UNKNOWN",
    "YES",
    "build_household_tab",
    "build_profile",
    "card",
    "evaluate_form",
    "household_fields",
    "member_fields",
    "render_report",
]
ASKED_CLASS = "hh-asked"


def evaluate_form(values: list[Any], store: Any = None) -> str:
    """The summary and cards for a filled form, or the Chinese messages naming what to correct."""
    form = build_form_profile(values)
    try:
        report = evaluate(form, store)
    except FormError as exc:
        return form_error(str(exc))
    report["questions"] = relevant_questions(form, report)
    return render_report(report)


def form_error(text: str) -> str:
    return '<div class="form-error" role="alert">' + "<br>".join(esc(line) for line in text.splitlines()) + "</div>"


def summary(report: dict[str, Any]) -> str:
    """What is overdue (or due next), then what the household gets, then how much is still open."""
    obligations = report["obligations"]
    overdue = [o for o in obligations if o.get("status") == "overdue" and o.get("due")]
    due = sorted((o for o in obligations if o.get("status") == "due" and o.get("due")), key=lambda o: o["due"])
    lines = [
        f'<li class="overdue">{esc(msg("app.household.overdue", label=o["label"], date=text_date(o["due"])))}</li>'
        for o in sorted(overdue, key=lambda o: o["due"])
    ]
    if due:
        nearest = msg("app.household.due_next", label=due[0]["label"], date=text_date(due[0]["due"]))
        lines.append(f"<li>{esc(nearest)}</li>")
    for item in obligations:  # a deadline that needs an answer first (the move-in date)
        if item.get("status") == "due" and not item.get("due") and item.get("questions"):
            undated = msg("app.household.due_undated", label=item["label"], question=item["questions"][0]["question"])
            lines.append(f"<li>{esc(undated)}</li>")
    if not lines:
        lines.append(f"<li>{esc(msg('app.household.no_deadline'))}</li>")
    gets = [e["label"] for e in report["entitlements"] if e.get("status") == "applies"]
    if gets:
        lines.append(f"<li>{esc(msg('app.household.gets', count=len(gets), labels=joined(gets)))}</li>")
    else:
        lines.append(f"<li>{esc(msg('app.household.gets_none'))}</li>")
    maybe = [i for i in report["entitlements"] + obligations if i.get("status") == "may_apply"]
    if maybe:
        lines.append(f"<li>{esc(msg('app.household.maybe', count=len(maybe)))}</li>")
    return (
        f'<div class="hh-summary"><h3>{esc(msg("app.household.summary_title"))}</h3>'
        f"<p>{esc(msg('app.household.as_of', date=text_date(report['as_of'])))}</p><ul>{''.join(lines)}</ul></div>"
    )


def questions_list(report: dict[str, Any]) -> str:
    if not report.get("questions"):
        return ""
    shown = int(flow()["questions_shown"])
    rows = [
        "<li>"
        + esc(
            msg(
                "app.household.question_item",
                question=q["question"],
                who=msg("app.household.who", name=q["member"]) if q.get("member") else "",
            )
        )
        + "</li>"
        for q in report["questions"]
    ]
    items = "".join(rows[:shown])
    if rows[shown:]:
        more = esc(msg("app.household.more_questions", count=len(rows) - shown))
        items += f"<li><details><summary>{more}</summary><ul>{''.join(rows[shown:])}</ul></details></li>"
    return f'<div class="hh-questions"><h3>{esc(msg("app.household.questions_title"))}</h3><ul>{items}</ul></div>'


def render_report(report: dict[str, Any]) -> str:
    """The summary first, then the open questions, then the cards (what applies; what may apply, folded)."""
    parts = [summary(report), questions_list(report), f"<h3>{esc(msg('app.household.details_title'))}</h3>"]
    for key in ("entitlements", "obligations"):
        items = report[key]
        sure = [i for i in items if i.get("status") != "may_apply"]
        maybe = [i for i in items if i.get("status") == "may_apply"]
        parts.append(f"<h3>{esc(msg(f'app.household.{key}', count=len(sure)))}</h3>")
        if not sure:
            parts.append(f"<p>{esc(msg('app.household.none_sure'))}</p>")
        parts.extend(card(item) for item in sure)
        if maybe:
            parts.append(
                f'<details class="maybe"><summary>{esc(msg("app.household.maybe_fold", count=len(maybe)))}</summary>'
                + "".join(card(item) for item in maybe)
                + "</details>"
            )
    return "".join(parts)


def card(item: dict[str, Any]) -> str:
    """One entitlement or obligation: title and status, members and due date in view; why and basis folded."""
    status = item.get("status", "")
    head = (
        f'<div class="card" data-id="{esc(item["id"])}"><h4>{esc(item["label"])}'
        f'<span class="status status-{esc(status)}">{esc(item.get("status_label", status))}</span></h4>'
    )
    body = []
    if item.get("definition"):
        body.append(f"<div>{esc(item['definition'])}</div>")
    if item.get("members"):
        body.append(f"<div>{esc(msg('app.household.members_applying', names=joined(item['members'])))}</div>")
    if item.get("due"):
        due = esc(msg("app.household.due_date", date=text_date(item["due"])))
        body.append(f'<div>{esc(msg("app.household.due"))}<span class="due">{due}</span></div>')
    folded = []
    if item.get("why"):
        folded.append(
            f"<div>{esc(msg('app.household.why'))}<ul>"
            + "".join(f"<li>{esc(w)}</li>" for w in item["why"])
            + "</ul></div>"
        )
    if item.get("basis"):
        folded.append(
            f"<div>{esc(msg('app.household.basis'))}<ul>"
            + "".join(
                f"<li><b>{esc(msg('app.household.basis_item', doc=b['doc'], clause=b['clause']))}</b>"
                f"{esc(msg('app.household.quote', text=b['text']))}</li>"
                for b in item["basis"]
            )
            + "</ul></div>"
        )
    if folded:
        body.append(f"<details><summary>{esc(msg('app.household.why_basis'))}</summary>{''.join(folded)}</details>")
    return head + "".join(body) + "</div>"


def component(spec: Any, elem_id: str, visible: bool) -> Any:
    import gradio as gr

    label = spec.question
    if spec.type == "bool":
        return gr.Radio([YES, NO, UNKNOWN], value=UNKNOWN, label=label, elem_id=elem_id, visible=visible)
    if spec.type == "enum":
        choices = [(text, key) for key, text in spec.choices.items()] + [(UNKNOWN, UNKNOWN)]
        return gr.Radio(choices, value=UNKNOWN, label=label, elem_id=elem_id, visible=visible)
    # numbers are typed as text: an empty box stays unknown (a Number box would send 0), and 四十五 is read
    if spec.type == "int":
        placeholder = msg("app.household.int_placeholder")
    elif spec.type == "date":
        placeholder = msg("app.household.date_placeholder")
    else:
        placeholder = ""
    return gr.Textbox(
        label=label, placeholder=placeholder, max_length=40, elem_id=elem_id, visible=visible, lines=1, max_lines=1
    )


def visibility(values: list[Any], store: Any = None) -> list[Any]:
    """gr.update for every input: shown or hidden, highlighted when the report asks it now."""
    import gradio as gr

    form = build_form_profile(values).readable()
    try:
        report = evaluate(form, store)
    except FormError:  # e.g. a move-in date after the day of calculation: keep the form as it is
        return [gr.update() for _ in values]
    house, per_slot, asked = shown_fields(form, report)
    updates = []
    for spec in household_fields():
        classes = [ASKED_CLASS] if (None, spec.name) in asked else []
        updates.append(gr.update(visible=spec.name in house, elem_classes=classes))
    for slot in range(MEMBER_SLOTS):
        for spec in member_fields():
            classes = [ASKED_CLASS] if (slot, spec.name) in asked else []
            updates.append(gr.update(visible=spec.name in per_slot[slot], elem_classes=classes))
    return updates


def build_household_tab(store: Any = None, documents: int = 0) -> None:
    import gradio as gr

    gr.Markdown(msg("app.household.intro", count=documents))
    empty = [None] * (len(household_fields()) + MEMBER_SLOTS * len(member_fields()))
    form = build_form_profile(empty)
    try:
        first_report = evaluate(form, store)
    except FormError:
        first_report = None
    house, per_slot, _ = shown_fields(form, first_report)
    inputs = []
    with gr.Group():
        for spec in household_fields():
            inputs.append(component(spec, f"hh-{spec.name}", spec.name in house))
    for slot in range(MEMBER_SLOTS):
        with gr.Accordion(slot_name(slot), open=slot == 0, elem_id=f"hh-member-{slot}"):
            for spec in member_fields():
                inputs.append(component(spec, f"m{slot}-{spec.name}", spec.name in per_slot[slot]))
    button = gr.Button(msg("app.household.submit"), variant="primary", elem_id="hh-submit")
    result = gr.HTML(elem_id="hh-result")

    def on_submit(*values: Any) -> str:
        return evaluate_form(list(values), store)

    def on_answer(*values: Any) -> list[Any]:
        return visibility(list(values), store)

    # after each answer round, like a clerk: the questions that can still change the result are shown
    # (and marked); updating the form while someone is tapping it would lose their taps
    button.click(on_submit, inputs, result, api_name="household").then(
        on_answer, inputs, inputs, api_visibility="private"
    )
