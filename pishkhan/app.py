"""Start-up of the Qt application: the one place that sets locale, direction, translators and font.

``create_application`` configures (or creates) the ``QApplication``; ``run_gui`` signs the user
in, shows the main window and runs the event loop. ``PISHKHAN_LANG=en`` runs the app in English,
left to right, for debugging; anything else (or nothing) means Persian.
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QSettings, Qt, QTranslator
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication

from pishkhan.fonts import FONT_FILE, load_font, persian_font_file
from pishkhan.ui.resources import resource_path

if TYPE_CHECKING:
    from pishkhan.services.auth import SignedIn
    from pishkhan.services.context import AppContext
    from pishkhan.services.desk import DeskSummary
    from pishkhan.ui.env import PageEnv
    from pishkhan.ui.login import Authenticator
    from pishkhan.ui.main_window import MainWindow
    from pishkhan.ui.printing.desk import DeskPrinting
    from pishkhan.ui.shell import DeskShell

log = logging.getLogger(__name__)

__all__ = [
    "FONT_FILE",
    "create_application",
    "desk_shell",
    "install_printing",
    "load_font",
    "persian_font_file",
    "run_gui",
]

ORGANIZATION = "Pishkhan"
APPLICATION = "Pishkhan"
FONT_POINT_SIZE = 11
LANG_ENV = "PISHKHAN_LANG"

# Installed translators must stay referenced, or Python frees them while Qt still uses them.
_translators: list[QTranslator] = []


def ui_language() -> str:
    """``"fa"`` (the default) or ``"en"`` from ``PISHKHAN_LANG``."""
    return "en" if os.environ.get(LANG_ENV, "").strip().lower().startswith("en") else "fa"


def app_locale(language: str) -> QLocale:
    if language == "en":
        return QLocale(QLocale.Language.English, QLocale.Country.UnitedStates)
    return QLocale(QLocale.Language.Persian, QLocale.Country.Iran)


def qt_translations_dir() -> Path:
    """Where Qt's own ``.qm`` files are (``PySide6/Qt/translations`` in the wheel)."""
    return Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))


def install_translators(
    app: QCoreApplication, locale: QLocale, our_dir: Path | None = None
) -> list[str]:
    """Install Qt's ``qtbase_<lang>`` and our ``pishkhan_<lang>`` translators for ``locale``.

    Replaces translators installed by an earlier call. A missing file is logged, not fatal: the
    app then shows English text (still in the locale's layout). Returns the files loaded.
    """
    for old in _translators:
        app.removeTranslator(old)
    _translators.clear()
    if locale.language() == QLocale.Language.English:
        return []
    wanted = [
        ("qtbase", qt_translations_dir()),
        ("pishkhan", our_dir or resource_path("translations")),
    ]
    loaded: list[str] = []
    for name, folder in wanted:
        translator = QTranslator(app)
        if translator.load(locale, name, "_", str(folder), ".qm"):
            app.installTranslator(translator)
            _translators.append(translator)
            loaded.append(translator.filePath())
        else:
            log.warning(
                "no %s translation for %s in %s; showing untranslated text "
                "(build ours with scripts/build_translations.py)",
                name,
                locale.name(),
                folder,
            )
    return loaded


def load_stylesheet() -> str:
    """The application style sheet (empty if the file is missing)."""
    path = resource_path("styles", "pishkhan.qss")
    try:
        return path.read_text(encoding="utf-8")
    except OSError:
        log.warning("style sheet %s not found; using the default style", path)
        return ""


def create_application(argv: list[str]) -> QApplication:
    """Create (or reuse) the ``QApplication`` and set it up for the desk.

    Sets the names used by ``QSettings``, the default locale (Persian/Iran, or English with
    ``PISHKHAN_LANG=en``), layout direction, translators, the Persian font and the style sheet.
    """
    existing = QApplication.instance()
    if existing is not None and not isinstance(existing, QApplication):
        raise RuntimeError("a non-widget QCoreApplication already exists")
    app = existing or QApplication(argv)
    QCoreApplication.setOrganizationName(ORGANIZATION)
    QCoreApplication.setApplicationName(APPLICATION)

    language = ui_language()
    locale = app_locale(language)
    QLocale.setDefault(locale)
    install_translators(app, locale)
    # After the translators, which would otherwise set it from qtbase's QT_LAYOUT_DIRECTION.
    app.setLayoutDirection(
        Qt.LayoutDirection.LeftToRight if language == "en" else Qt.LayoutDirection.RightToLeft
    )
    app.setApplicationDisplayName(QCoreApplication.translate("Application", "Pishkhan"))

    family = load_font()
    if family is not None:
        font = QFont(family)
        font.setPointSize(FONT_POINT_SIZE)
        app.setFont(font)
    app.setStyleSheet(load_stylesheet())
    return app


def settle_after_startup() -> None:
    """Once the first window is up: move start-up's objects out of the garbage collector's way.

    Start-up creates hundreds of thousands of long-lived objects (modules, ORM mappers, Qt
    wrappers); every full collection then walks them all, a 80–125 ms stall of the GUI thread
    measured by bench/ui_bench. ``gc.freeze`` moves them to the permanent generation (about
    30 ms per full pass after it). A 1 ms switch interval lets the GUI thread take the GIL back
    sooner from workers (search, sync, PDF).
    """
    import gc

    gc.collect()
    gc.freeze()
    sys.setswitchinterval(0.001)


def install_printing(env: PageEnv) -> DeskPrinting | None:
    """Put the printing functions in ``env.extras`` (``None`` without a store or on failure)."""
    if env.ctx is None:
        return None
    try:
        from pishkhan.ui.printing.desk import DeskPrinting

        printing = DeskPrinting(env.ctx)
        printing.install(env)
    except Exception:  # printing must not keep the clerk from the desk
        log.exception("printing could not be set up")
        return None
    return printing


def desk_shell(
    authenticator: Authenticator,
    *,
    load_summary: Callable[[], DeskSummary] | None = None,
    branch: str = "",
    desk: int = 0,
    ctx: AppContext | Callable[[], AppContext] | None = None,
    idle_lock_minutes: int = 10,
    on_window: Callable[[MainWindow], None] | None = None,
    settings: QSettings | None = None,
) -> DeskShell:
    """The desk shell as :func:`run_gui` makes it (``shell.sign_in()`` shows the dialog).

    Each window gets the printing functions in ``env.extras`` before it builds a page, and
    ``on_window(window)`` once it is shown.
    """
    from pishkhan.ui.env import PageEnv
    from pishkhan.ui.shell import DeskShell

    def context() -> AppContext | None:
        return ctx() if callable(ctx) else ctx

    def build_window(user: SignedIn) -> MainWindow:
        from pishkhan.ui.main_window import MainWindow

        extras = {"user": user, "authenticator": authenticator, "settings": settings}
        env = PageEnv(ctx=context(), extras=extras)
        printing = install_printing(env)  # before the window builds any page
        window = MainWindow(load_summary=load_summary, branch=branch, desk=desk, env=env)
        if printing is not None:
            printing.attach(window)
        return window

    return DeskShell(
        authenticator=authenticator,
        build_window=build_window,
        idle_lock_ms=max(1, idle_lock_minutes) * 60_000,
        on_window=on_window,
        branch=branch,
        settings=settings,
    )


def run_gui(
    argv: list[str],
    *,
    load_summary: Callable[[], DeskSummary] | None = None,
    user_name: str = "",
    branch: str = "",
    desk: int = 0,
    ctx: AppContext | Callable[[], AppContext] | None = None,
    authenticator: Authenticator | None = None,
    idle_lock_minutes: int = 10,
    on_window: Callable[[MainWindow], None] | None = None,
) -> int:
    """Create the application, sign in, show the main window, run the event loop.

    With an ``authenticator`` the sign-in dialog comes first and the desk shell
    (``pishkhan.ui.shell``) manages windows, the idle lock and user switches; ``on_window(window)``
    is called for every main window once it is shown (the place to attach the sync indicator,
    the printer service, ...). Without one (development, screenshots) the window opens at once
    with everything allowed. ``ctx`` may be a function giving the context, called when the
    first window is built (after sign-in), so the store can be opened while the sign-in dialog
    is already on screen. Returns the exit code.
    """
    from pishkhan.ui.env import PageEnv
    from pishkhan.ui.worker import wait_for_workers

    # The main window (and with it SQLAlchemy, the models, the pages) is imported only once it
    # is needed: the store opens on a thread behind the sign-in dialog, and importing the same
    # modules here would make the dialog wait for that thread's imports.

    app = create_application(argv)
    settings = QSettings()

    def context() -> AppContext | None:
        return ctx() if callable(ctx) else ctx

    try:
        if authenticator is None:
            from pishkhan.ui.main_window import MainWindow

            env = PageEnv(ctx=context(), extras={"settings": settings})
            printing = install_printing(env)
            window = MainWindow(
                load_summary=load_summary,
                user_name=user_name,
                branch=branch,
                desk=desk,
                env=env,
            )
            if printing is not None:
                printing.attach(window)
            window.show()
            if on_window is not None:
                on_window(window)
            return app.exec()

        shell = desk_shell(
            authenticator,
            load_summary=load_summary,
            branch=branch,
            desk=desk,
            ctx=ctx,
            idle_lock_minutes=idle_lock_minutes,
            on_window=on_window,
            settings=settings,
        )
        if not shell.sign_in():
            return 0
        return app.exec()
    finally:
        wait_for_workers()
