"""The Gradio app of ``policykb serve``: 问答, 我家能享受什么, 部门职责, 原文 (and 培训材料 when present).

Tab modules keep their logic in plain functions (tested without a browser) and lay out their components
in ``build_*_tab`` functions called inside the app's ``gr.Blocks``.
"""
