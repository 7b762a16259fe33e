"""HUD's record forms, from the same FY2026 catalogue the server validates with (hud.fy2026.forms): the web
app renders its HUD forms from these, so no list, label or dependent-field rule is written twice."""
from flask import Blueprint, jsonify

from hmis_gateway.guard import protected
from hmis_gateway.schemas import HudFormSchema
from hmis_kit.errors import NotFound
from hud.fy2026.forms import RECORDS, form

bp = Blueprint("hud_forms", __name__)


@bp.get("/hud/forms/<record>")
@protected("session:read", "One HUD record's form: its fields as the API names them, labels, value lists and "
           f"dependent-field rules, from HUD's FY2026 specification. Records: {', '.join(RECORDS)}",
           returns=HudFormSchema, tags=("hud",))
def hud_form(record):
    if record not in RECORDS:
        raise NotFound(f"HUD has no record {record!r}; the records are {', '.join(RECORDS)}")
    return jsonify(form(record))
