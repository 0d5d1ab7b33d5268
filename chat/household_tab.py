"""The 我家能享受什么 tab: the household form (the entitlement engine's profile, built from its field
specs) → entitlement and obligation cards with why, basis and highlighted due dates. Nothing is stored:
the form values only live in the request."""

from __future__ import annotations

import datetime as dt
from typing import Any

from chat.render import esc
from kb.entitle import ProfileError, entitle, validate_profile
from kb.entitle.profile import FieldSpec, specs_of

MEMBER_SLOTS = 3
YES, NO, UNKNOWN = "是", "否", "不清楚"


def household_fields() -> list[FieldSpec]:
    return [s for s in specs_of("household").values() if s.type != "list"]


def member_fields() -> list[FieldSpec]:
    return list(specs_of("member").values())


def convert(spec: FieldSpec, value: Any) -> Any:
    """A form value → the profile value (None when left empty or 不清楚)."""
    if value in (None, "", UNKNOWN):
        return None
    if spec.type == "bool":
        return value == YES
    if spec.type == "int":
        return int(value)
    if spec.type in ("date", "str"):
        return str(value).strip() or None
    return value  # enum: the choice key


def build_profile(values: list[Any]) -> dict[str, Any]:
    """Form values in the order of household_fields() then MEMBER_SLOTS × member_fields()."""
    house = household_fields()
    members_specs = member_fields()
    profile: dict[str, Any] = {}
    for spec, value in zip(house, values[: len(house)], strict=False):
        converted = convert(spec, value)
        if converted is not None:
            profile[spec.name] = converted
    members = []
    rest = values[len(house) :]
    for slot in range(MEMBER_SLOTS):
        chunk = rest[slot * len(members_specs) : (slot + 1) * len(members_specs)]
        member = {s.name: convert(s, v) for s, v in zip(members_specs, chunk, strict=False)}
        member = {k: v for k, v in member.items() if v is not None}
        if member:
            members.append(member)
    if members:
        profile["members"] = members
    return profile


def evaluate_form(values: list[Any], store: Any = None) -> str:
    """The cards for a filled form, or a clear message for an invalid one."""
    profile = build_profile(values)
    try:
        report = entitle(validate_profile(profile), store=store)
    except ProfileError as exc:
        return f'<div class="card">填写有误：{esc(exc)}</div>'
    return render_report(report.to_json())


def render_report(report: dict[str, Any]) -> str:
    """Cards: what applies first (due dates highlighted), then what may apply once more is known (folded)."""
    parts = [f"<p>按 {esc(report['as_of'])} 计算。</p>"]
    for title, key in (("可以享受的权益", "entitlements"), ("应当履行的义务", "obligations")):
        items = report[key]
        sure = [i for i in items if i.get("status") != "may_apply"]
        maybe = [i for i in items if i.get("status") == "may_apply"]
        parts.append(f"<h3>{title}（{len(sure)} 项）</h3>")
        if not sure:
            parts.append("<p>（根据所填情况，还没有确定适用的规定）</p>")
        parts.extend(card(item) for item in sure)
        if maybe:
            parts.append(
                f'<details class="maybe"><summary>还可能适用 {len(maybe)} 项（补充情况后可确定）</summary>'
                + "".join(card(item) for item in maybe)
                + "</details>"
            )
    if report.get("questions"):
        asked = "".join(
            f"<li>{esc(q['question'])}{'（' + esc(q['member']) + '）' if q.get('member') else ''}</li>"
            for q in report["questions"]
        )
        parts.append(f"<h3>补充以下情况可以算得更准</h3><ul>{asked}</ul>")
    return "".join(parts)


def card(item: dict[str, Any]) -> str:
    status = item.get("status", "")
    head = (
        f'<div class="card" data-id="{esc(item["id"])}"><h4>{esc(item["label"])}'
        f'<span class="status status-{esc(status)}">{esc(item.get("status_label", status))}</span></h4>'
    )
    body = []
    if item.get("definition"):
        body.append(f"<div>{esc(item['definition'])}</div>")
    if item.get("members"):
        body.append(f"<div>适用的家庭成员：{esc('、'.join(item['members']))}</div>")
    if item.get("due"):
        body.append(f'<div>期限：<span class="due">{esc(format_date(item["due"]))} 前完成</span></div>')
    if item.get("why"):
        body.append("<div>为什么：<ul>" + "".join(f"<li>{esc(w)}</li>" for w in item["why"]) + "</ul></div>")
    if item.get("basis"):
        body.append(
            "<div>依据：<ul>"
            + "".join(f"<li><b>{esc(b['doc'])} {esc(b['clause'])}</b>：“{esc(b['text'])}”</li>" for b in item["basis"])
            + "</ul></div>"
        )
    return head + "".join(body) + "</div>"


def format_date(value: str) -> str:
    try:
        day = dt.date.fromisoformat(value)
    except ValueError:
        return value
    return f"{day.year}年{day.month}月{day.day}日"


def component(spec: FieldSpec, elem_id: str) -> Any:
    import gradio as gr

    label = spec.question
    if spec.type == "bool":
        return gr.Radio([YES, NO, UNKNOWN], value=UNKNOWN, label=label, elem_id=elem_id)
    if spec.type == "enum":
        choices = [(text, key) for key, text in spec.choices.items()] + [(UNKNOWN, UNKNOWN)]
        return gr.Radio(choices, value=UNKNOWN, label=label, elem_id=elem_id)
    if spec.type == "int":
        return gr.Number(value=None, precision=0, minimum=spec.min, maximum=spec.max, label=label, elem_id=elem_id)
    placeholder = "如 2020-01-01" if spec.type == "date" else ""
    return gr.Textbox(label=label, placeholder=placeholder, max_length=40, elem_id=elem_id)


def build_household_tab(store: Any = None) -> None:
    import gradio as gr

    gr.Markdown(
        "填写您家的情况（不清楚的可以不填），看看按两份文件可以享受哪些政策、要履行哪些义务，每条都有理由和原文依据。"
        "所填内容只用于本次计算，不会保存。"
    )
    inputs = []
    with gr.Group():
        for spec in household_fields():
            inputs.append(component(spec, f"hh-{spec.name}"))
    for slot in range(MEMBER_SLOTS):
        with gr.Accordion(f"家庭成员 {slot + 1}", open=slot == 0):
            for spec in member_fields():
                inputs.append(component(spec, f"m{slot}-{spec.name}"))
    button = gr.Button("看看我家能享受什么", variant="primary", elem_id="hh-submit")
    result = gr.HTML(elem_id="hh-result")

    def on_submit(*values: Any) -> str:
        return evaluate_form(list(values), store)

    button.click(on_submit, inputs, result, api_name="household")
