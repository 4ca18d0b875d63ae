import { describeFaultShard } from './scan-faults';

describeFaultShard(1);
