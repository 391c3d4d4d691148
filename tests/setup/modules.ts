// Installs the module list (ADR 0034) in every test worker, as `gongjin` and the app do.
import '../../src/modules/index.ts';
