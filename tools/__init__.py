from . import cn_amount
from . import domain_eval
from . import scoring
