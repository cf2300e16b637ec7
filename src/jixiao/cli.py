"""The ``jixiao`` command line (typer); each command lives in its own module."""

from __future__ import annotations

import typer

app = typer.Typer(
    name="jixiao",
    help="绩效自评附件表工具：生成模板、批量校验、重新计算。",
    no_args_is_help=True,
    add_completion=False,
)


def _register() -> None:
    from jixiao.commands.addin import addin_app
    from jixiao.commands.check import check_command
    from jixiao.commands.recalc import recalc_command
    from jixiao.commands.serve import serve_command
    from jixiao.template.command import template_command

    app.command("template", help="生成附件1、附件2、附件3模板。")(template_command)
    app.command("recalc", help="重新计算并标记一个工作簿。")(recalc_command)
    app.command("check", help="批量校验收回的工作簿（原文件不改动）。")(check_command)
    app.add_typer(addin_app)
    app.command("serve", help="启动网页版 Excel / Microsoft 365 加载项服务器（xlwings Server）。")(serve_command)


def main() -> None:
    """Console-script entry point."""
    _register()
    app()
