"""The 问答 tab: a chat over ``AskService`` with example questions and citations that open the clause."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from chat.render import answer_markdown, esc
from kb.answer import MAX_QUESTION_CHARS, AskService, Turn

EXAMPLES_PATH = Path(__file__).with_name("examples.yaml")


def example_questions() -> list[str]:
    return [str(q) for q in yaml.safe_load(EXAMPLES_PATH.read_text(encoding="utf-8"))]


def respond(
    service: AskService, message: str, history: list[dict[str, Any]] | None, turn: Turn | None
) -> tuple[str, list[dict[str, Any]], Turn | None]:
    """One chat turn: the cleared textbox, the updated history, the turn a follow-up refers to."""
    history = list(history or [])
    answer = service.ask(message or "", turn)
    shown = esc((message or "").strip()[:MAX_QUESTION_CHARS]) or "（空）"
    history.append({"role": "user", "content": shown})
    history.append({"role": "assistant", "content": answer_markdown(answer, service.lexicon)})
    return "", history, (answer.turn if answer.answered else turn)


def build_qa_tab(service: AskService) -> None:
    import gradio as gr

    gr.Markdown(
        "用中文提问：某项措施由谁牵头、某部门有哪些职责、期限和标准、搬迁群众的权益和义务、文件信息。"
        "回答只来自两份政策文件，每条都附文号和条款；文件没有规定的会直接说明。可以追问（如「那市县呢？」）。"
    )
    chatbot = gr.Chatbot(label="问答", height=520, elem_id="qa-chat", feedback_options=None)
    turn = gr.State(None)
    with gr.Row():
        box = gr.Textbox(
            label="问题",
            placeholder=f"请输入问题（最多 {MAX_QUESTION_CHARS} 字）",
            max_length=MAX_QUESTION_CHARS,
            scale=5,
            elem_id="qa-input",
        )
        send = gr.Button("提问", variant="primary", scale=1, elem_id="qa-send")
    clear = gr.Button("清空对话", size="sm")
    gr.Examples(example_questions(), inputs=box, label="示例问题")

    def on_send(message: str, history: list[dict[str, Any]], state: Turn | None) -> tuple:
        return respond(service, message, history, state)

    box.submit(on_send, [box, chatbot, turn], [box, chatbot, turn], api_name="chat")
    send.click(on_send, [box, chatbot, turn], [box, chatbot, turn], api_visibility="private")
    clear.click(lambda: ([], None), None, [chatbot, turn], api_visibility="private")
