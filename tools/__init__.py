from . import domain_eval
from . import scoring
