"""The signed-in person's home page."""

from flask import render_template
from flask_login import current_user

from app.learning import bp
from app.learning.services import home_page_for
from app.security import SIGNED_IN, requires


@bp.get("/")
@requires(SIGNED_IN)
def home():
    return render_template("learning/home.html", page=home_page_for(current_user))
