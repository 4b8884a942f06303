from . import cn_amount
from . import cn_holidays
from . import domain_eval
from . import scoring
from . import targets
from . import expense
